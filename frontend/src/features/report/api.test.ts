import { describe, expect, it } from "vitest";
import { filenameOf } from "./api";

describe("the report's file name", () => {
  it("comes from the Content-Disposition header", () => {
    expect(filenameOf('attachment; filename="session-1-report-ka.pdf"')).toBe("session-1-report-ka.pdf");
  });

  it("is unknown when the header names none", () => {
    expect(filenameOf("attachment")).toBeNull();
    expect(filenameOf(null)).toBeNull();
  });
});
