import { useMutation } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { setToken } from "../../lib/auth";

export interface Credentials {
  email: string;
  password: string;
}

export function useLogin() {
  return useMutation({
    mutationFn: (credentials: Credentials) => unwrap(api.POST("/api/v1/auth/login", { body: credentials })),
    onSuccess: (token) => setToken(token.access_token),
  });
}

export function logOut() {
  setToken(null);
}
