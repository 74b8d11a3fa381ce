import { useMutation } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { signedIn, signOut } from "../../lib/session";

export interface Credentials {
  email: string;
  password: string;
}

export type LoginAnswer = Schemas["LoginResponse"];

/**
 * Signs in with the refresh token in the HttpOnly cookie only, never in a body a script can read.
 * A right password may instead ask for a second step (a code, or enrolling an authenticator app).
 */
export function useLogin() {
  return useMutation({
    mutationFn: (credentials: Credentials) =>
      unwrap(api.POST("/api/v1/auth/login", { body: { ...credentials, refresh_cookie: true } })),
    onSuccess: (answer) => {
      if ("access_token" in answer) signedIn(answer);
    },
  });
}

/** The second step: the login's `mfa_token` and a code from the app or a recovery code. */
export function useLoginMfa() {
  return useMutation({
    mutationFn: (body: { mfa_token: string; code: string }) =>
      unwrap(api.POST("/api/v1/auth/login/mfa", { body: { ...body, refresh_cookie: true } })),
    onSuccess: signedIn,
  });
}

export function useLogOut() {
  return useMutation({ mutationFn: signOut });
}

/** Sets the invited member's password; the token came from the link's fragment and goes only in the body. */
export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) => unwrap(api.POST("/api/v1/auth/invitations/accept", { body })),
  });
}
