import type { paths } from "../../api/schema";
import { documentTypeValues, sessionStatusValues, spoofFilterValues, type Schemas } from "../../api/client";
import { startOfLocalDay } from "../../lib/dates";

export type ListQuery = NonNullable<paths["/api/v1/sessions"]["get"]["parameters"]["query"]>;

export const STATUSES = sessionStatusValues;
export const DOCUMENT_TYPES = documentTypeValues;
export const SPOOF_REASONS = spoofFilterValues;

/** The text of a filter as one of the API's values, or nothing when the URL holds something else. */
const oneOf = <T extends string>(values: ReadonlyArray<T>, text: string): T | undefined =>
  values.find((value) => value === text);

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
  const status: Schemas["SessionStatus"] | undefined = oneOf(STATUSES, filters.status);
  if (status) query.status = status;
  if (filters.verified === "true" || filters.verified === "false") query.verified = filters.verified === "true";
  const documentType = oneOf(DOCUMENT_TYPES, filters.document_type);
  if (documentType) query.document_type = documentType;
  const spoof = oneOf(SPOOF_REASONS, filters.spoof);
  if (spoof) query.spoof = spoof;
  const from = startOfLocalDay(filters.from, 0);
  const to = startOfLocalDay(filters.to, 1);
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}
