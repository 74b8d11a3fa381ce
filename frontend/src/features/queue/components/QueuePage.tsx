import { useState } from "react";
import type { Schemas } from "../../../api/client";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { useQueuePage } from "../api";
import { messages } from "../messages";
import { QueueTable } from "./QueueTable";

interface Props {
  status: Schemas["SessionStatus"];
  order: "newest_first" | "oldest_first";
  title: "awaitingTitle" | "rejectionsTitle";
  intro: "awaitingIntro" | "rejectionsIntro";
}

/** A queue page: the sessions of one status in one order, with their count. */
export function QueuePage({ status, order, title, intro }: Props) {
  const t = useMessages(messages);
  const [cursor, setCursor] = useState<string | null>(null);
  const page = useQueuePage(status, order, cursor);
  useDocumentTitle(t(title));
  return (
    <div className="page" data-testid={`queue-${status}`}>
      <h1 className="page__title">
        {t(title)} {page.data && <span className="badge badge--neutral queue-count">{t("count", { count: page.data.total })}</span>}
      </h1>
      <p className="muted">{t(intro)}</p>
      {page.isPending && <Loading />}
      {page.error && <ErrorMessage error={page.error} onRetry={() => page.refetch()} />}
      {page.data && page.data.items.length === 0 && <p className="muted">{t("empty")}</p>}
      {page.data && page.data.items.length > 0 && (
        <QueueTable sessions={page.data.items} label={t(title)} showAge={status === "awaiting_action"} />
      )}
      {page.data?.next_cursor && (
        <button type="button" className="button" onClick={() => setCursor(page.data?.next_cursor ?? null)}>
          {t("next")}
        </button>
      )}
    </div>
  );
}

export function AwaitingActionPage() {
  return <QueuePage status="awaiting_action" order="oldest_first" title="awaitingTitle" intro="awaitingIntro" />;
}

export function RejectionsPage() {
  return <QueuePage status="rejected" order="newest_first" title="rejectionsTitle" intro="rejectionsIntro" />;
}
