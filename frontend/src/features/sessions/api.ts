import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, problemOf, unwrap, type Schemas } from "../../api/client";
import { filenameOf } from "../../lib/download";
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

/** Fetches the CSV of the list with the filters shown (every page; the server audits it). */
export function useExportCsv() {
  return useMutation({
    mutationFn: async (filters: Filters) => {
      const { limit: _limit, cursor: _cursor, ...query } = toListQuery(filters, null, 1);
      const { data, error, response } = await api.GET("/api/v1/sessions/export.csv", {
        params: { query },
        parseAs: "blob",
      });
      if (!response.ok || error !== undefined || !(data instanceof Blob)) throw problemOf(response, error);
      return { blob: data, filename: filenameOf(response.headers.get("Content-Disposition")) ?? "sessions.csv" };
    },
  });
}
