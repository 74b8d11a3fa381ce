import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";

export type Settings = Schemas["SettingsView"];
const SETTINGS_KEY = ["settings"] as const;

export function useSettings() {
  return useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/settings", { signal })),
  });
}

/** Replaces the company's settings; the server answers them as stored (codes normalised). */
export function useSaveSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: Settings) => unwrap(api.PUT("/api/v1/settings", { body: settings })),
    onSuccess: (stored) => queryClient.setQueryData(SETTINGS_KEY, stored),
  });
}
