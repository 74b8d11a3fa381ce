import { useFormat, useMessages } from "../../../lib/i18n";
import { messages } from "../messages";

/** Says that, and when, the retention rules deleted the session's photos and personal values. */
export function RedactedNotice({ redactedAt, redactedBy }: { redactedAt?: string | null; redactedBy?: string | null }) {
  const t = useMessages(messages);
  const format = useFormat();
  if (!redactedAt) return null;
  const date = format.dateTime(redactedAt);
  return (
    <p className="notice" role="status" data-testid="redacted-notice">
      {redactedBy === "request" ? t("redactedByRequest", { date }) : t("redactedByPolicy", { date })}
    </p>
  );
}
