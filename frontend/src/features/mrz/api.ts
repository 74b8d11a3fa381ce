import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";

export type MrzCheck = Schemas["MrzCheck"];
export type MrzDetail = Schemas["MrzDetail"];

/** The MRZ report stored at ingest; fetched when the dialog opens. */
export function useMrzCheck(sessionId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.sessionPart(sessionId, "mrz"),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions/{id}/mrz", { params: { path: { id: sessionId } }, signal })),
    enabled,
  });
}
