import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";

export type RetentionPolicy = Schemas["RetentionPolicyView"];

const policyKey = ["retention", "policy"] as const;

export function useRetentionPolicy() {
  return useQuery({
    queryKey: policyKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/retention/policy", { signal })),
  });
}

export function useSaveRetentionPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: RetentionPolicy) => unwrap(api.PUT("/api/v1/retention/policy", { body: policy })),
    onSuccess: (saved) => queryClient.setQueryData(policyKey, saved),
  });
}
