import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../../api/client";
import { renderWithProviders } from "../../../test/render";
import { AttemptsTable } from "./AttemptsHistory";

function attempt(number: number, overrides: Partial<Schemas["AttemptView"]> = {}): Schemas["AttemptView"] {
  return {
    number,
    started_at: "2026-11-20T09:14:03Z",
    finished_at: "2026-11-20T09:16:41Z",
    liveness_finished: true,
    document_finished: true,
    face_match_level: 5,
    liveness_passed: true,
    document_valid: true,
    user_agent: { device_name: "Apple iPhone", browser: "Mobile Safari", os: "iOS 17" },
    client_ip: "203.0.113.7",
    mrz_valid: true,
    created_at: "2026-11-20T09:16:41Z",
    ...overrides,
  };
}

describe("AttemptsTable", () => {
  it("puts the attempts side by side and marks the latest", () => {
    renderWithProviders(<AttemptsTable attempts={[attempt(1), attempt(2)]} />);
    const headers = screen.getAllByRole("columnheader").map((cell) => cell.textContent);
    expect(headers).toEqual(["Check", "Attempt 1", "Attempt 2 · latest"]);
  });

  it("shows each attempt's result in its own column", () => {
    renderWithProviders(<AttemptsTable attempts={[attempt(1, { liveness_passed: false }), attempt(2)]} />);
    const row = screen.getByRole("rowheader", { name: "Liveness passed" }).closest("tr")!;
    expect(within(row).getAllByRole("cell").map((cell) => cell.textContent)).toEqual(["No", "Yes"]);
  });

  it("highlights what changed since the previous attempt", () => {
    renderWithProviders(<AttemptsTable attempts={[attempt(1, { face_match_level: 3 }), attempt(2, { face_match_level: 6 })]} />);
    const row = screen.getByRole("rowheader", { name: "Face match level" }).closest("tr")!;
    const [first, second] = within(row).getAllByRole("cell");
    expect(first).not.toHaveClass("changed");
    expect(second).toHaveClass("changed");
  });

  it("says when there was only one attempt", () => {
    renderWithProviders(<AttemptsTable attempts={[attempt(1)]} />);
    expect(screen.getByText("Only one attempt was made.")).toBeInTheDocument();
  });
});
