import { useEffect } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";

export type Attempt = Schemas["AttemptView"];

function attemptsQuery(sessionId: string) {
  return {
    queryKey: keys.sessionPart(sessionId, "attempts"),
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      unwrap(api.GET("/api/v1/sessions/{id}/attempts", { params: { path: { id: sessionId } }, signal })),
  };
}

export function useAttempts(sessionId: string) {
  return useQuery(attemptsQuery(sessionId));
}

/** Starts loading the attempts beside the session itself, instead of after it. */
export function usePrefetchAttempts(sessionId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.prefetchQuery(attemptsQuery(sessionId));
  }, [queryClient, sessionId]);
}
