import { useMessages } from "../lib/i18n";
import { messages } from "./messages";

export function Loading({ label }: { label?: string }) {
  const t = useMessages(messages);
  return (
    <p className="muted loading" role="status">
      {label ?? t("loading")}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useMessages(messages);
  const text = error instanceof Error ? error.message : String(error);
  return (
    <div className="alert alert--error" role="alert">
      <span>{text}</span>
      {onRetry && (
        <button type="button" className="button button--small" onClick={onRetry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

/** Said by a section whose endpoint this server does not offer yet. */
export function NotAvailable() {
  const t = useMessages(messages);
  return <p className="muted not-available">{t("notAvailable")}</p>;
}
