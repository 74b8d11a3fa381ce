import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import { keys } from "../../api/keys";
import { toListQuery, type Filters } from "./filters";

export type SessionSummary = Schemas["SessionSummary"];

export const PAGE_SIZE = 25;

export function useSessionPage(filters: Filters, cursor: string | null) {
  const query = toListQuery(filters, cursor, PAGE_SIZE);
  return useQuery({
    queryKey: keys.sessionList(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
