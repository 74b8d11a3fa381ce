import { Section } from "../../../components/Section";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useSessionActivity } from "../api";
import { messages } from "../messages";
import { ActivityTable } from "./ActivityTable";

/** Who did what with this session; shown to admins. */
export function SessionActivity({ sessionId }: { sessionId: string }) {
  const t = useMessages(messages);
  const activity = useSessionActivity(sessionId);
  return (
    <Section id="activity" title={t("sessionTitle")}>
      <div data-testid="session-activity">
        {activity.isPending && <Loading />}
        {activity.error && <ErrorMessage error={activity.error} onRetry={() => activity.refetch()} />}
        {activity.data && <ActivityTable events={activity.data.pages.flatMap((page) => page.items)} showTarget={false} />}
        {activity.hasNextPage && (
          <button type="button" className="button load-more" onClick={() => activity.fetchNextPage()} disabled={activity.isFetchingNextPage}>
            {activity.isFetchingNextPage ? t("loading") : t("loadMore")}
          </button>
        )}
      </div>
    </Section>
  );
}
