import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";

export type Assignee = Schemas["AssigneeView"];
type Status = Schemas["SessionStatus"];
type Order = "newest_first" | "oldest_first";

export const QUEUE_PAGE_SIZE = 50;
/** How often the navigation's count of sessions awaiting action refreshes. */
const COUNT_REFRESH_MS = 30_000;

/** One page of a queue: the sessions of a status in an order, with the exact total. */
export function useQueuePage(status: Status, order: Order, cursor: string | null) {
  const query = { status, order, limit: QUEUE_PAGE_SIZE, ...(cursor ? { cursor } : {}) };
  return useQuery({
    queryKey: keys.sessionList({ queue: query }),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** How many sessions await action: the navigation's badge. */
export function useAwaitingCount(enabled: boolean) {
  const query = { status: "awaiting_action" as const, limit: 1 };
  return useQuery({
    queryKey: keys.sessionList({ count: query }),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions", { params: { query }, signal })),
    select: (page) => page.total,
    refetchInterval: COUNT_REFRESH_MS,
    enabled,
  });
}

/** Takes a session so that no other officer works on it; the list and the page show who has it. */
export function useTakeSession(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/sessions/{id}/assignment", { params: { path: { id: sessionId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.sessions }),
  });
}

/** Gives a session back to the queue. */
export function useReleaseSession(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/sessions/{id}/assignment", { params: { path: { id: sessionId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.sessions }),
  });
}
