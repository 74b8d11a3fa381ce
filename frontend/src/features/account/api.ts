import { useMutation, useQuery } from "@tanstack/react-query";
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
