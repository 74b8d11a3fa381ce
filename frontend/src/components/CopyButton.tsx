import { useState } from "react";
import { useMessages } from "../lib/i18n";
import { messages } from "./messages";

/** Copies `text` to the clipboard and says whether it worked (the clipboard needs a secure context). */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useMessages(messages);
  const [outcome, setOutcome] = useState<"copied" | "copyFailed" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
    } catch {
      setOutcome("copyFailed");
    }
  }

  return (
    <span className="copy">
      <button type="button" className="button button--small" onClick={() => void copy()}>
        {label ?? t("copy")}
      </button>
      {outcome && (
        <span role="status" className={outcome === "copied" ? "small" : "small alert--error"}>
          {t(outcome)}
        </span>
      )}
    </span>
  );
}

/** A secret the server shows once (a link, a client secret, recovery codes), with a Copy button. */
export function OneTimeSecret({ value, testId }: { value: string; testId?: string }) {
  const t = useMessages(messages);
  return (
    <div className="one-time-secret stack">
      <p className="alert alert--warning">{t("shownOnce")}</p>
      <pre className="one-time-secret__value" data-testid={testId}>
        {value}
      </pre>
      <CopyButton text={value} />
    </div>
  );
}
