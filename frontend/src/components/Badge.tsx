import type { ReactNode } from "react";

export type Tone = "success" | "warning" | "danger" | "neutral" | "info";

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}
