import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render";
import type { MrzCheck } from "../api";
import { MrzReport } from "./MrzReport";

const check: MrzCheck = {
  format: "TD3",
  valid: false,
  lines: ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C30UTO7408122F1204159ZE184226B<<<<<10"],
  fields: {},
  details: [
    { field: "document_number", label: "Document number", value: "L898902C3", valid: true, error: null, line: 1, start: 0, end: 9 },
    {
      field: "document_number_check_digit",
      label: "Document number check digit",
      value: "0",
      valid: false,
      error: "invalid check digit: 0. Must be 6",
      line: 1,
      start: 9,
      end: 10,
    },
  ],
  repair: {
    lines: ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"],
    changes: [{ line: 1, position: 9, from: "0", to: "6", basis: "check_digit" }],
  },
};

describe("MrzReport", () => {
  it("draws every MRZ line exactly as captured", () => {
    renderWithProviders(<MrzReport check={check} />);
    expect(screen.getByTestId("mrz-line-0").textContent).toBe(check.lines[0]);
    expect(screen.getByTestId("mrz-line-1").textContent).toBe(check.lines[1]);
  });

  it("highlights only the failing characters", () => {
    const { container } = renderWithProviders(<MrzReport check={check} />);
    const marks = container.querySelectorAll(".mrz--errors mark");
    expect(Array.from(marks, (mark) => mark.textContent)).toEqual(["0"]);
    expect(marks[0]).toHaveAttribute("title", "Document number check digit: invalid check digit: 0. Must be 6");
  });

  it("lists each error as its category and message", () => {
    renderWithProviders(<MrzReport check={check} />);
    const errors = screen.getByTestId("mrz-errors");
    expect(errors).toHaveTextContent("Category: Document number check digit");
    expect(errors).toHaveTextContent("Error: invalid check digit: 0. Must be 6");
    expect(errors.querySelectorAll("li")).toHaveLength(1);
    expect(errors).toHaveTextContent("line 2, character 10");
  });

  it("offers the likely reading with the changed character", () => {
    renderWithProviders(<MrzReport check={check} />);
    expect(screen.getByTestId("mrz-repair-line-1").querySelector("mark")?.textContent).toBe("6");
    expect(screen.getByText(/Line 2, character 10: 0 → 6/)).toBeInTheDocument();
  });

  it("says all is well when no check failed", () => {
    renderWithProviders(<MrzReport check={{ ...check, valid: true, details: [check.details[0]!], repair: null }} />);
    expect(screen.getByText("Every MRZ check passed.")).toBeInTheDocument();
    expect(screen.queryByTestId("mrz-errors")).not.toBeInTheDocument();
  });
});
