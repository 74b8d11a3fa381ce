/** The outcomes a day's sessions are counted by, in the chart's order. */
export type Outcome = "verified" | "awaiting_action" | "rejected" | "not_finished";
export const OUTCOMES: readonly Outcome[] = ["verified", "awaiting_action", "rejected", "not_finished"];
