import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { ApiClientActions } from "./types";

const apiClientsKey = ["api-clients"] as const;

export function useApiClients() {
  return useQuery({
    queryKey: apiClientsKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/api-clients", { signal })),
  });
}

/** Creating, rotating and revoking, each refreshing the list when done. */
export function useApiClientActions(): ApiClientActions {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: apiClientsKey });
  const create = useMutation({
    mutationFn: (name: string) => unwrap(api.POST("/api/v1/api-clients", { body: { name } })),
    onSuccess: refresh,
  });
  const rotate = useMutation({
    mutationFn: ({ id, hours }: { id: string; hours: number }) =>
      unwrap(api.POST("/api/v1/api-clients/{id}/rotate", { params: { path: { id } }, body: { grace_period_hours: hours } })),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/api-clients/{id}", { params: { path: { id } } })),
    onSuccess: refresh,
  });
  return {
    create: create.mutateAsync,
    rotate: (id, hours) => rotate.mutateAsync({ id, hours }),
    revoke: revoke.mutateAsync,
  };
}
