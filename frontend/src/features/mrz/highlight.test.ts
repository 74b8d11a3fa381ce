import { describe, expect, it } from "vitest";
import { segmentsOf } from "./highlight";

const LINE = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

describe("MRZ highlighting", () => {
  it("leaves a line with no errors in one piece", () => {
    expect(segmentsOf(LINE, 1, [])).toEqual([{ text: LINE, start: 0, titles: [] }]);
  });

  it("marks exactly the characters from start to end, end excluded", () => {
    const segments = segmentsOf(LINE, 1, [{ line: 1, start: 9, end: 10, title: "check digit" }]);
    expect(segments.map((s) => s.text)).toEqual(["L898902C3", "6", "UTO7408122F1204159ZE184226B<<<<<10"]);
    expect(segments[1]!.titles).toEqual(["check digit"]);
  });

  it("ignores marks on other lines", () => {
    expect(segmentsOf(LINE, 0, [{ line: 1, start: 0, end: 5, title: "x" }])).toHaveLength(1);
  });

  it("splits overlapping marks without losing or repeating characters", () => {
    const segments = segmentsOf(LINE, 1, [
      { line: 1, start: 0, end: 10, title: "document number" },
      { line: 1, start: 9, end: 10, title: "check digit" },
    ]);
    expect(segments.map((s) => s.text).join("")).toBe(LINE);
    expect(segments.map((s) => s.titles)).toEqual([["document number"], ["document number", "check digit"], []]);
  });

  it("keeps marks that run past the end of a short line inside it", () => {
    const segments = segmentsOf("ABC", 0, [{ line: 0, start: 2, end: 9, title: "x" }]);
    expect(segments).toEqual([
      { text: "AB", start: 0, titles: [] },
      { text: "C", start: 2, titles: ["x"] },
    ]);
  });
});
