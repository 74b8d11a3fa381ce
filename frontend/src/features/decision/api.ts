import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";

export type Taxonomy = Schemas["RejectionTaxonomy"];
export type DecisionResult = Schemas["DecisionResult"];
export type Decision = Schemas["Decision"];
export type RejectionReason = Schemas["RejectionReason"];

export function useRejectionTaxonomy() {
  return useQuery({
    queryKey: ["rejection-reasons"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/rejection-reasons", { signal })),
    staleTime: Infinity,
  });
}

export function useDecide(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { decision: Decision; note: string; reasons: RejectionReason[] }) =>
      unwrap(api.POST("/api/v1/sessions/{id}/decision", { params: { path: { id: sessionId } }, body: input })),
    onSuccess: (result) => {
      queryClient.setQueryData<Schemas["SessionDetails"]>(keys.session(sessionId), (session) =>
        session ? { ...session, status: result.status } : session,
      );
      // The status, the notes, the activity and the list all changed.
      void queryClient.invalidateQueries({ queryKey: keys.sessions });
    },
  });
}
