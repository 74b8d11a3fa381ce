import { ErrorMessage } from "../../../components/Status";
import { useFormat, useMessages } from "../../../lib/i18n";
import { useViewer } from "../../../lib/useViewer";
import { useReleaseSession, useTakeSession, type Assignee } from "../api";
import { messages } from "../messages";

/** "Take" on a session's page, or who is reviewing it; the holder can give it back. */
export function AssignmentControl({ sessionId, assignee }: { sessionId: string; assignee: Assignee | null | undefined }) {
  const t = useMessages(messages);
  const format = useFormat();
  const viewer = useViewer();
  const take = useTakeSession(sessionId);
  const release = useReleaseSession(sessionId);
  const mine = assignee && viewer && assignee.id === viewer.userId;
  return (
    <div className="assignment" data-testid="assignment">
      {take.error && <ErrorMessage error={take.error} />}
      {release.error && <ErrorMessage error={release.error} />}
      {!assignee && (
        <button type="button" className="button" onClick={() => take.mutate()} disabled={take.isPending}>
          {take.isPending ? t("taking") : t("take")}
        </button>
      )}
      {assignee && !mine && <span className="text-warning">{t("beingReviewedBy", { name: assignee.name })}</span>}
      {mine && (
        <>
          <span title={t("lapses", { time: format.dateTime(assignee.lapses_at) })}>{t("takenByYou")}</span>
          <button type="button" className="button button--small" onClick={() => release.mutate()} disabled={release.isPending}>
            {t("release")}
          </button>
        </>
      )}
    </div>
  );
}
