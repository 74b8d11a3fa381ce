import type { ReactNode } from "react";
import { EMPTY } from "../lib/i18n";

export interface Fact {
  label: string;
  value: ReactNode;
}

/** Label/value pairs, two columns wide when there is room. */
export function Facts({ facts, testId }: { facts: Fact[]; testId?: string }) {
  return (
    <dl className="facts" data-testid={testId}>
      {facts.map(({ label, value }) => (
        <div className="facts__row" key={label}>
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === "" ? EMPTY : value}</dd>
        </div>
      ))}
    </dl>
  );
}
