import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { json, renderWithProviders, stubFetch } from "../../../test/render";
import { DashboardPage } from "./DashboardPage";

// uPlot draws on a canvas, which jsdom lacks; the browser test sees the real chart.
vi.mock("./SessionsChart", () => ({
  default: ({ title, days }: { title: string; days: unknown[] }) => (
    <div data-testid="sessions-chart" aria-label={title} data-days={days.length} />
  ),
}));

const stats = {
  from: "2026-11-03",
  to: "2026-12-02",
  generated_at: "2026-12-02T12:00:00Z",
  sessions: 12,
  days: [
    { day: "2026-12-01", verified: 3, awaiting_action: 1, rejected: 2, not_finished: 0 },
    { day: "2026-12-02", verified: 4, awaiting_action: 1, rejected: 0, not_finished: 1 },
  ],
  checks: [
    { check: "liveness", passed: 9, checked: 12, pass_rate: 0.75 },
    { check: "face_match", passed: 10, checked: 12, pass_rate: 10 / 12 },
    { check: "document_valid", passed: 12, checked: 12, pass_rate: 1 },
    { check: "mrz_valid", passed: 0, checked: 0, pass_rate: null },
  ],
  min_face_match_level: 4,
  rejection_reasons: [
    { reason: "fake", decisions: 2 },
    { reason: "selfie_mismatch", decisions: 1 },
  ],
  screening: { alerts: 3, unreviewed: 1, false_positive: 1, confirmed: 1, matches: 4 },
  queue: { size: 2, oldest_created_at: "2026-12-02T09:00:00Z", oldest_age_seconds: 3 * 3600 },
  decision_time: { median_seconds: 1800, decided: 5 },
};

describe("DashboardPage", () => {
  it("shows the range's figures and asks for the last thirty days", async () => {
    const asked: URL[] = [];
    stubFetch(async (request) => {
      asked.push(new URL(request.url));
      return json(stats);
    });
    renderWithProviders(<DashboardPage reasonLabel={(reason) => `label:${reason}`} />);
    expect(await screen.findByTestId("stats-sessions")).toHaveTextContent("12");
    expect(await screen.findByTestId("sessions-chart")).toHaveAttribute("data-days", "2");
    expect(screen.getByText("Liveness").nextSibling).toHaveTextContent("75 % (9 of 12)");
    expect(screen.getByText("Face match (level 4 or above)")).toBeInTheDocument();
    expect(screen.getByText("MRZ valid").nextSibling).toHaveTextContent("not run");
    expect(screen.getByTestId("rejection-reasons")).toHaveTextContent("label:fake — 2 decisions");
    expect(screen.getByTestId("stats-queue")).toHaveTextContent("2");
    expect(screen.getByText("Oldest waiting 3 h")).toBeInTheDocument();
    expect(screen.getByText("30 min")).toBeInTheDocument();
    await waitFor(() => expect(asked).toHaveLength(1));
    const query = asked[0]!.searchParams;
    expect(asked[0]!.pathname).toBe("/api/v1/stats");
    const days = (Date.parse(query.get("to")!) - Date.parse(query.get("from")!)) / 86_400_000;
    expect(days).toBe(29);
  });
});
