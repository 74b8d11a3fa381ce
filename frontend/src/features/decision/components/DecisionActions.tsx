import { useState } from "react";
import { useMessages } from "../../../lib/i18n";
import type { Decision, DecisionResult } from "../api";
import { messages } from "../messages";
import { DecisionDialog } from "./DecisionDialog";

/** "Verify" and "Reject" for a session awaiting action, and what came of the last decision. */
export function DecisionActions({ sessionId }: { sessionId: string }) {
  const t = useMessages(messages);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [result, setResult] = useState<DecisionResult | null>(null);
  const waitingForSecond = result?.outcome === "awaiting_second_approval";
  return (
    <>
      <button type="button" className="button button--success" onClick={() => setDeciding("approve")} disabled={waitingForSecond}>
        <span aria-hidden="true">✓</span> {t("verify")}
      </button>
      <button type="button" className="button button--danger" onClick={() => setDeciding("reject")}>
        <span aria-hidden="true">✗</span> {t("reject")}
      </button>
      {waitingForSecond && (
        <p className="alert alert--info decision-outcome" role="status">
          {t("secondApproval")}
        </p>
      )}
      {deciding && (
        <DecisionDialog
          sessionId={sessionId}
          decision={deciding}
          onClose={() => setDeciding(null)}
          onDecided={(decided) => {
            setResult(decided);
            setDeciding(null);
            // The page's status (which the decision changed) is where the keyboard goes next.
            requestAnimationFrame(() => document.getElementById("session-status")?.focus());
          }}
        />
      )}
    </>
  );
}
