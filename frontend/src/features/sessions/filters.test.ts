import { describe, expect, it } from "vitest";
import { NO_FILTERS, filtersFromParams, hasFilters, paramsFromFilters, toListQuery } from "./filters";

describe("the sessions list query", () => {
  it("sends only the filters that are set", () => {
    expect(toListQuery({ ...NO_FILTERS, status: "rejected" }, null, 25)).toEqual({ limit: 25, status: "rejected" });
  });

  it("trims the search text and drops it when blank", () => {
    expect(toListQuery({ ...NO_FILTERS, q: "  RA2071782 " }, null, 25).q).toBe("RA2071782");
    expect(toListQuery({ ...NO_FILTERS, q: "   " }, null, 25)).not.toHaveProperty("q");
  });

  it("turns the verified choice into a boolean", () => {
    expect(toListQuery({ ...NO_FILTERS, verified: "false" }, null, 25).verified).toBe(false);
    expect(toListQuery({ ...NO_FILTERS, verified: "true" }, null, 25).verified).toBe(true);
  });

  it("covers whole local days, the end day included", () => {
    const query = toListQuery({ ...NO_FILTERS, from: "2026-11-02", to: "2026-11-03" }, null, 25);
    expect(new Date(query.from!).getTime()).toBe(new Date(2026, 10, 2).getTime());
    expect(new Date(query.to!).getTime()).toBe(new Date(2026, 10, 4).getTime());
  });

  it("ignores a malformed date rather than sending it", () => {
    expect(toListQuery({ ...NO_FILTERS, from: "yesterday" }, null, 25)).not.toHaveProperty("from");
  });

  it("passes the cursor of the page asked for", () => {
    expect(toListQuery(NO_FILTERS, "abc", 10)).toEqual({ limit: 10, cursor: "abc" });
  });
});

describe("filters in the URL", () => {
  it("survive a round trip through the search params", () => {
    const filters = { ...NO_FILTERS, q: "Levan", spoof: "low_face_match", to: "2026-11-30" };
    expect(filtersFromParams(paramsFromFilters(filters))).toEqual(filters);
  });

  it("leave empty filters out of the URL", () => {
    expect(paramsFromFilters({ ...NO_FILTERS, status: "verified" }).toString()).toBe("status=verified");
  });

  it("count as set only when one has a value", () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, document_type: "passport" })).toBe(true);
  });
});
