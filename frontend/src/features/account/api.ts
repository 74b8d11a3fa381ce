import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { endSession } from "../../lib/auth";
import { signedIn } from "../../lib/session";

export type Me = Schemas["MeView"];

const meKey = ["me"] as const;

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me", { signal })),
  });
}

export interface PasswordChange {
  email: string;
  current_password: string;
  new_password: string;
}

/**
 * Changes the password. The server then ends every login of the user, this tab's too, so the tab
 * signs in again with the new password; if that is not possible, the user is sent to sign in.
 */
export function useChangePassword() {
  return useMutation({
    mutationFn: async ({ email, current_password, new_password }: PasswordChange) => {
      await unwrap(api.POST("/api/v1/me/password", { body: { current_password, new_password } }));
      const again = await unwrap(
        api.POST("/api/v1/auth/login", { body: { email, password: new_password, refresh_cookie: true } }),
      ).catch(() => null);
      if (again && "access_token" in again) signedIn(again);
      else endSession();
    },
  });
}

const bearer = (mfaToken?: string) => (mfaToken ? { Authorization: `Bearer ${mfaToken}` } : undefined);

/**
 * Turning on two-factor sign-in, for the signed-in user, or — with the `mfa_token` of a login that
 * requires it — for a user still signing in, whose login the confirmation then finishes.
 */
export function useTotpEnrolment(mfaToken?: string) {
  const begin = () => unwrap(api.POST("/api/v1/me/mfa/totp", { headers: bearer(mfaToken) }));
  const confirm = async (code: string) => {
    return unwrap(
      api.POST("/api/v1/me/mfa/totp/confirm", {
        headers: bearer(mfaToken),
        body: mfaToken ? { code, refresh_cookie: true } : { code },
      }),
    );
  };
  return { begin, confirm };
}

/** Reads the account again (after the recovery codes were seen: reading it earlier would hide them). */
export function useRefreshMe() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: meKey });
}

/** Turning two-factor sign-in off, with the current password; the server refuses (409) when the company requires it. */
export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (current_password: string) => unwrap(api.DELETE("/api/v1/me/mfa/totp", { body: { current_password } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meKey }),
  });
}

/** Keeps the login a confirmed enrolment finished (its tokens), as a sign-in does. */
export function signInWith(confirmed: Schemas["TotpConfirmedView"]): boolean {
  if (!confirmed.access_token) return false;
  signedIn({ access_token: confirmed.access_token, expires_in: confirmed.expires_in ?? 900, token_type: confirmed.token_type ?? "Bearer" });
  return true;
}
