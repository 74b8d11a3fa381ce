import type { paths } from "../../api/schema";
import { startOfLocalDay } from "../../lib/dates";

export type ListQuery = NonNullable<paths["/api/v1/sessions"]["get"]["parameters"]["query"]>;

export const STATUSES = ["verified", "awaiting_action", "rejected", "not_finished"] as const;
export const DOCUMENT_TYPES = ["passport", "id_card", "residence_permit", "driving_licence"] as const;
export const SPOOF_REASONS = ["digital_spoof", "not_full_document", "low_face_match"] as const;

/** What the filter bar shows, exactly as kept in the page's URL. Dates are local `YYYY-MM-DD`. */
export interface Filters {
  q: string;
  status: string;
  verified: string;
  document_type: string;
  spoof: string;
  from: string;
  to: string;
}

export const FILTER_NAMES = ["q", "status", "verified", "document_type", "spoof", "from", "to"] as const;

export const NO_FILTERS: Filters = { q: "", status: "", verified: "", document_type: "", spoof: "", from: "", to: "" };

export function filtersFromParams(params: URLSearchParams): Filters {
  const filters = { ...NO_FILTERS };
  for (const name of FILTER_NAMES) filters[name] = params.get(name) ?? "";
  return filters;
}

export function paramsFromFilters(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name].trim();
    if (value) params.set(name, value);
  }
  return params;
}

export const hasFilters = (filters: Filters) => FILTER_NAMES.some((name) => filters[name].trim() !== "");

/**
 * The API query for a page of the list. The date range is inclusive in the UI and covers whole
 * local days: `to` becomes the start of the following day, because the API's `to` is exclusive.
 */
export function toListQuery(filters: Filters, cursor: string | null, limit: number): ListQuery {
  const query: ListQuery = { limit };
  if (cursor) query.cursor = cursor;
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.status) query.status = filters.status;
  if (filters.verified === "true" || filters.verified === "false") query.verified = filters.verified === "true";
  if (filters.document_type) query.document_type = filters.document_type;
  if (filters.spoof) query.spoof = filters.spoof;
  const from = startOfLocalDay(filters.from, 0);
  const to = startOfLocalDay(filters.to, 1);
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}
