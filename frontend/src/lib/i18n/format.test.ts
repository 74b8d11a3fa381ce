import { describe, expect, it } from "vitest";
import { formattersFor } from "./format";

describe("dates", () => {
  it("print document dates as day, month and year in English", () => {
    expect(formattersFor("en").date("1974-08-12")).toBe("12 Aug 1974");
  });

  it("print document dates with Georgian month names in Georgian", () => {
    expect(formattersFor("ka").date("1974-08-12")).toBe("12 აგვ 1974");
  });

  it("print moments in local time with a 24-hour clock", () => {
    const local = new Date(2026, 10, 20, 9, 4).toISOString();
    expect(formattersFor("en").dateTime(local)).toBe("20 Nov 2026, 09:04");
    expect(formattersFor("ka").dateTime(local)).toBe("20 ნოე 2026, 09:04");
  });

  it("show a dash for a missing value and the raw text for an unreadable one", () => {
    expect(formattersFor("en").dateTime(null)).toBe("—");
    expect(formattersFor("en").date("1974-08")).toBe("1974-08");
  });
});
