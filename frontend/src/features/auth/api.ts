import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { signedIn, signOut } from "../../lib/session";

export interface Credentials {
  email: string;
  password: string;
}

/** Signs in with the refresh token in the HttpOnly cookie only, never in a body a script can read. */
export function useLogin() {
  return useMutation({
    mutationFn: (credentials: Credentials) =>
      unwrap(api.POST("/api/v1/auth/login", { body: { ...credentials, refresh_cookie: true } })),
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
