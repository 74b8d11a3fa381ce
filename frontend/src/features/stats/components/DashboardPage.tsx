import { Suspense, lazy, useMemo, useState } from "react";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useFormat, useMessages } from "../../../lib/i18n";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { useStats, type Stats } from "../api";
import { messages } from "../messages";
import { OUTCOMES, type Outcome } from "./outcomes";

// uPlot comes with the chart's own chunk, so the rest of the dashboard does not pay for it.
const SessionsChart = lazy(() => import("./SessionsChart"));

const DAY_MS = 86_400_000;
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** The manual's "Dashboard": the figures of a range of UTC days. */
export function DashboardPage({ reasonLabel }: { reasonLabel: (reason: string) => string }) {
  const t = useMessages(messages);
  useDocumentTitle(t("title"));
  const [to, setTo] = useState(() => isoDay(new Date()));
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 29 * DAY_MS)));
  const stats = useStats(from, to);
  return (
    <div className="page dashboard">
      <h1 className="page__title">{t("title")}</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t("from")}
          <input type="date" value={from} max={to} onChange={(event) => event.target.value && setFrom(event.target.value)} />
        </label>
        <label>
          {t("to")}
          <input type="date" value={to} min={from} onChange={(event) => event.target.value && setTo(event.target.value)} />
        </label>
      </form>
      {stats.error && <ErrorMessage error={stats.error} onRetry={() => stats.refetch()} />}
      {stats.isPending && <Loading />}
      {stats.data && <Figures stats={stats.data} reasonLabel={reasonLabel} />}
    </div>
  );
}

function Figures({ stats, reasonLabel }: { stats: Stats; reasonLabel: (reason: string) => string }) {
  const t = useMessages(messages);
  const format = useFormat();
  const labels = useMemo(
    () => Object.fromEntries(OUTCOMES.map((outcome) => [outcome, t(`status.${outcome}`)])) as Record<Outcome, string>,
    [t],
  );
  const duration = (seconds: number) => {
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return t("duration.minutes", { n: minutes });
    if (minutes < 48 * 60) return t("duration.hours", { n: Math.round(minutes / 60) });
    return t("duration.days", { n: Math.round(minutes / 1440) });
  };
  return (
    <div className="dashboard__grid">
      <section className="card dashboard__wide" aria-labelledby="per-day">
        <h2 id="per-day">
          {t("perDay")} · <span data-testid="stats-sessions">{format.number(stats.sessions)}</span> {t("sessions").toLowerCase()}
        </h2>
        <Suspense fallback={<Loading />}>
          <SessionsChart days={stats.days} labels={labels} title={t("chartLabel")} />
        </Suspense>
      </section>
      <section className="card" aria-labelledby="checks">
        <h2 id="checks">{t("checks")}</h2>
        <dl className="dashboard__figures">
          {stats.checks.map((check) => (
            <div key={check.check}>
              <dt>{t(`check.${check.check}`, { level: stats.min_face_match_level })}</dt>
              <dd>
                {check.pass_rate === null || check.pass_rate === undefined
                  ? t("notRun")
                  : `${Math.round(check.pass_rate * 100)} % (${t("passed", { passed: check.passed, checked: check.checked })})`}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="reasons">
        <h2 id="reasons">{t("reasons")}</h2>
        {stats.rejection_reasons.length === 0 ? (
          <p className="muted">{t("noReasons")}</p>
        ) : (
          <ol data-testid="rejection-reasons">
            {stats.rejection_reasons.map((reason) => (
              <li key={reason.reason}>
                {reasonLabel(reason.reason)} — {t("decisions", { count: reason.decisions })}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card" aria-labelledby="screening">
        <h2 id="screening">
          {t("screening")} · {stats.screening.alerts}
        </h2>
        <dl className="dashboard__figures">
          <div>
            <dt>{t("unreviewed")}</dt>
            <dd>{stats.screening.unreviewed}</dd>
          </div>
          <div>
            <dt>{t("falsePositive")}</dt>
            <dd>{stats.screening.false_positive}</dd>
          </div>
          <div>
            <dt>{t("confirmed")}</dt>
            <dd>{stats.screening.confirmed}</dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="queue">
        <h2 id="queue">
          {t("queue")} · <span data-testid="stats-queue">{stats.queue.size}</span>
        </h2>
        <p className="muted">
          {stats.queue.oldest_age_seconds === null || stats.queue.oldest_age_seconds === undefined
            ? t("queueEmpty")
            : t("oldest", { age: duration(stats.queue.oldest_age_seconds) })}
        </p>
      </section>
      <section className="card" aria-labelledby="decision-time">
        <h2 id="decision-time">{t("decisionTime")}</h2>
        {stats.decision_time.median_seconds === null || stats.decision_time.median_seconds === undefined ? (
          <p className="muted">{t("noDecisions")}</p>
        ) : (
          <p>
            <strong>{duration(stats.decision_time.median_seconds)}</strong>{" "}
            <span className="muted">{t("decidedOver", { count: stats.decision_time.decided })}</span>
          </p>
        )}
      </section>
    </div>
  );
}
