import { useSearchParams } from "react-router";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { startOfLocalDay } from "../../../lib/dates";
import { useAuditLog } from "../api";
import { KNOWN_ACTIONS, actionLabel, messages } from "../messages";
import { ActivityTable } from "./ActivityTable";

/** The company's activity log with its filters kept in the URL. */
export function AuditLog() {
  const t = useMessages(messages);
  const [params, setParams] = useSearchParams();
  const action = params.get("action") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const targetId = params.get("target_id") ?? "";
  const actorId = params.get("actor_id") ?? "";
  const narrowedTo = params.get("about") ?? "";
  const log = useAuditLog({
    ...(action ? { action } : {}),
    ...(targetId ? { target_id: targetId } : {}),
    ...(actorId ? { actor_id: actorId } : {}),
    ...(startOfLocalDay(from) ? { from: startOfLocalDay(from)! } : {}),
    ...(startOfLocalDay(to, 1) ? { to: startOfLocalDay(to, 1)! } : {}),
  });

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  const narrow = (filter: { target_id?: string; actor_id?: string; label: string }) => {
    const next = new URLSearchParams(params);
    for (const name of ["target_id", "actor_id"] as const) {
      const value = filter[name];
      if (value) next.set(name, value);
    }
    next.set("about", filter.label);
    setParams(next, { replace: true });
  };
  const clearNarrowing = () => {
    const next = new URLSearchParams(params);
    for (const name of ["target_id", "actor_id", "about"]) next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <div className="audit-log">
      <p className="muted">{t("logIntro")}</p>
      <form className="filters filters--compact" aria-label={t("filters")} onSubmit={(event) => event.preventDefault()}>
        <label className="field">
          <span className="field__label">{t("action")}</span>
          <select value={action} onChange={(event) => set("action", event.target.value)}>
            <option value="">{t("anyAction")}</option>
            {KNOWN_ACTIONS.map((known) => (
              <option key={known} value={known}>
                {actionLabel(t, known)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t("from")}</span>
          <input type="date" value={from} max={to || undefined} onChange={(event) => set("from", event.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t("to")}</span>
          <input type="date" value={to} min={from || undefined} onChange={(event) => set("to", event.target.value)} />
        </label>
      </form>
      {(targetId || actorId) && (
        <p className="narrowed" data-testid="audit-narrowed">
          {targetId && t("filteredBySession", { name: narrowedTo || targetId })}
          {targetId && actorId && " · "}
          {actorId && t("filteredByUser", { name: narrowedTo || actorId })}{" "}
          <button type="button" className="button button--small" onClick={clearNarrowing}>
            {t("clearFilter")}
          </button>
        </p>
      )}
      {log.isPending && <Loading />}
      {log.error && <ErrorMessage error={log.error} onRetry={() => log.refetch()} />}
      {log.data && <ActivityTable events={log.data.pages.flatMap((page) => page.items)} showTarget onFilter={narrow} />}
      {log.hasNextPage && (
        <button type="button" className="button load-more" onClick={() => log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? t("loading") : t("loadMore")}
        </button>
      )}
    </div>
  );
}
