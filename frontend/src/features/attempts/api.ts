import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";

export type Attempt = Schemas["AttemptView"];

export function useAttempts(sessionId: string) {
  return useQuery({
    queryKey: keys.sessionPart(sessionId, "attempts"),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions/{id}/attempts", { params: { path: { id: sessionId } }, signal })),
  });
}
