import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, renderWithProviders, stubFetch } from "../../../test/render";
import type { PepResult } from "../api";
import { PepResultView } from "./PepInfo";

afterEach(() => vi.unstubAllGlobals());

const result: PepResult = {
  status: "potential_match",
  screened_at: "2026-11-20T10:00:00Z",
  lists: [{ id: "demo", name: "Demo sanctions", version: "2026-11" }],
  matches: [
    {
      entity_id: "e-1",
      list: "demo",
      name: "Ahmad Hassan Al-Rashid",
      matched_name: "Ahmad Hasan Al Rashid",
      query_name: "AHMAD HASSAN AL RASHID",
      score: 91,
      reasons: [
        { kind: "transliteration", text: "Hassan ≈ Hasan (transliteration)" },
        { kind: "birth_date", text: "Birth year differs", verdict: "different" },
      ],
      birth_dates: ["1971-03-14"],
      nationalities: ["SYR"],
      programs: ["SDGT"],
      topics: ["sanction"],
      review: "open",
    },
  ],
};

describe("PepResultView", () => {
  it("shows each match with its score, reasons and list", () => {
    renderWithProviders(<PepResultView sessionId="s-1" result={result} canReview={false} />);
    expect(screen.getByText("Ahmad Hassan Al-Rashid")).toBeInTheDocument();
    expect(screen.getByText("91 of 100")).toHaveClass("text-danger");
    expect(screen.getByText("Hassan ≈ Hasan (transliteration)")).toHaveClass("reason--for");
    expect(screen.getByText("Birth year differs")).toHaveClass("reason--against");
    expect(screen.getByText(/Demo sanctions \(2026-11\)/)).toBeInTheDocument();
  });

  it("offers no review to someone who may not review", () => {
    renderWithProviders(<PepResultView sessionId="s-1" result={result} canReview={false} />);
    expect(screen.queryByRole("button", { name: "Mark false positive" })).not.toBeInTheDocument();
  });

  it("marks a match false positive with a note", async () => {
    const requests = stubFetch(() => json({ ...result, status: "clear", matches: [{ ...result.matches[0]!, review: "false_positive" }] }));
    renderWithProviders(<PepResultView sessionId="s-1" result={result} canReview />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Mark false positive" }));
    const save = screen.getByRole("button", { name: "Save review" });
    expect(save).toBeDisabled();
    await user.type(screen.getByRole("textbox", { name: "Note" }), "Different birth year and nationality");
    await user.click(save);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(new URL(requests[0]!.url).pathname).toBe("/api/v1/sessions/s-1/pep/matches/e-1/review");
    expect(await requests[0]!.json()).toEqual({ review: "false_positive", note: "Different birth year and nationality" });
  });

  it("says so when nothing matched", () => {
    renderWithProviders(<PepResultView sessionId="s-1" result={{ ...result, status: "clear", matches: [] }} canReview />);
    expect(screen.getByText("No list entry matched this person.")).toBeInTheDocument();
  });
});
