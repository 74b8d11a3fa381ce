import { useLocation, useSearchParams } from "react-router";
import { useMessages } from "../../../lib/i18n";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useSessionPage } from "../api";
import { filtersFromParams, paramsFromFilters, type Filters } from "../filters";
import { messages } from "../messages";
import { ExportCsvButton } from "./ExportCsvButton";
import { SessionFilters } from "./SessionFilters";
import { SessionsTable } from "./SessionsTable";

/** Kept in the history entry: the cursors of the pages before this one (null is the first page). */
interface ListHistory {
  trail?: (string | null)[];
}

/** The sessions list, its filters and cursor pages, all kept in the URL so Back and links work. */
export function SessionList({ canExport = false }: { canExport?: boolean }) {
  const t = useMessages(messages);
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = filtersFromParams(params);
  const cursor = params.get("cursor");
  const trail = (location.state as ListHistory | null)?.trail ?? [];
  const page = useSessionPage(filters, cursor);

  const goTo = (nextCursor: string | null, nextTrail: (string | null)[]) => {
    const next = paramsFromFilters(filters);
    if (nextCursor) next.set("cursor", nextCursor);
    setParams(next, { state: { trail: nextTrail } satisfies ListHistory });
  };
  const applyFilters = (next: Filters) => setParams(paramsFromFilters(next), { replace: true });

  const nextCursor = page.data?.next_cursor ?? null;
  const canGoBack = cursor !== null;
  const backToDetails = { from: `${location.pathname}${location.search}`, trail };

  return (
    <div className="session-list">
      <SessionFilters filters={filters} onChange={applyFilters} />
      {canExport && (
        <div className="toolbar">
          <ExportCsvButton filters={filters} />
        </div>
      )}
      {page.error && <ErrorMessage error={page.error} onRetry={() => page.refetch()} />}
      {page.isPending && <Loading />}
      {page.data && (
        <div className={page.isPlaceholderData ? "is-stale" : undefined} aria-busy={page.isFetching}>
          {page.data.items.length === 0 ? (
            <p className="empty">{t("empty")}</p>
          ) : (
            <div className="table-scroll">
              <SessionsTable sessions={page.data.items} linkState={backToDetails} />
            </div>
          )}
          <nav className="pagination" aria-label={t("pagination")}>
            <button
              type="button"
              className="button"
              disabled={!canGoBack}
              onClick={() => goTo(trail.at(-1) ?? null, trail.slice(0, -1))}
            >
              ← {t("previous")}
            </button>
            <span className="muted" aria-live="polite">
              {t("page", { page: trail.length + 1 })} · {t("shown", { count: page.data.items.length })}
            </span>
            <button
              type="button"
              className="button"
              disabled={!nextCursor}
              onClick={() => goTo(nextCursor, [...trail, cursor])}
            >
              {t("next")} →
            </button>
          </nav>
          <p className="muted small keyboard-hint">{t("keyboardHint")}</p>
        </div>
      )}
    </div>
  );
}
