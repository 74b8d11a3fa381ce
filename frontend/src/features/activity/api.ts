import { useInfiniteQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";
import type { operations } from "../../api/schema";

export type ActivityEvent = Schemas["ActivityEvent"];
export type AuditQuery = NonNullable<operations["list_audit_events"]["parameters"]["query"]>;

const PAGE_SIZE = 50;

/** Who viewed, exported, noted and decided on one session, newest first (admins only). */
export function useSessionActivity(sessionId: string) {
  return useInfiniteQuery({
    queryKey: keys.sessionPart(sessionId, "activity"),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/sessions/{id}/activity", {
          params: { path: { id: sessionId }, query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}

/** The company's activity log, newest first, optionally filtered (admins only). */
export function useAuditLog(filters: Omit<AuditQuery, "cursor" | "limit">) {
  return useInfiniteQuery({
    queryKey: keys.auditLog(filters),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/v1/audit-events", {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor ?? null,
  });
}
