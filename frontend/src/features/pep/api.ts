import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";

export type PepResult = Schemas["PepResult"];
export type PepMatch = Schemas["PepMatch"];
export type Review = "false_positive" | "confirmed";

export function usePep(sessionId: string) {
  return useQuery({
    queryKey: keys.sessionPart(sessionId, "pep"),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions/{id}/pep", { params: { path: { id: sessionId } }, signal })),
  });
}

/** Marks a match false positive or confirmed; the server keeps the note and updates the PEP status. */
export function useReviewMatch(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ entityId, review, note }: { entityId: string; review: Review; note: string }) =>
      unwrap(
        api.POST("/api/v1/sessions/{id}/pep/matches/{entity_id}/review", {
          params: { path: { id: sessionId, entity_id: entityId } },
          body: { review, note },
        }),
      ),
    onSuccess: (result) => {
      queryClient.setQueryData(keys.sessionPart(sessionId, "pep"), result);
      // The session's PEP status, its notes and the list row follow the review.
      void queryClient.invalidateQueries({ queryKey: keys.sessions });
    },
  });
}
