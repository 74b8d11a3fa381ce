import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";

export type Stats = Schemas["StatsView"];

/** The dashboard's figures for a range of UTC days (`YYYY-MM-DD`, both included). */
export function useStats(from: string, to: string) {
  return useQuery({
    queryKey: ["stats", from, to],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/stats", { params: { query: { from, to } }, signal })),
  });
}
