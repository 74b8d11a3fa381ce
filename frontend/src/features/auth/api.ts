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
