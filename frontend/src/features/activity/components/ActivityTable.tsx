import { Link } from "react-router";
import { Badge } from "../../../components/Badge";
import { EMPTY, useFormat, useMessages } from "../../../lib/i18n";
import type { ActivityEvent } from "../api";
import { actionLabel, messages } from "../messages";

/** Audit events as a table: when, who, what, about what, with what outcome and from where. */
interface Props {
  events: ActivityEvent[];
  showTarget: boolean;
  /** Narrows the log to one session or one user; absent where the table cannot filter. */
  onFilter?: (filter: { target_id?: string; actor_id?: string; label: string }) => void;
}

export function ActivityTable({ events, showTarget, onFilter }: Props) {
  const t = useMessages(messages);
  const format = useFormat();
  if (events.length === 0) return <p className="muted">{t("empty")}</p>;
  return (
    <div className="table-scroll">
      <table className="table activity-table">
        <thead>
          <tr>
            <th scope="col">{t("when")}</th>
            <th scope="col">{t("who")}</th>
            <th scope="col">{t("action")}</th>
            {showTarget && <th scope="col">{t("target")}</th>}
            <th scope="col">{t("outcome")}</th>
            <th scope="col">{t("ip")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td className="nowrap">{format.dateTime(event.at)}</td>
              <td>
                {onFilter ? (
                  <button
                    type="button"
                    className="link-button"
                    title={t("onlyThisUser", { name: event.actor.name })}
                    onClick={() => onFilter({ actor_id: event.actor.id, label: event.actor.name })}
                  >
                    {event.actor.name}
                  </button>
                ) : (
                  event.actor.name
                )}
                {event.actor_kind === "api_client" && <span className="muted small"> · {t("apiClient")}</span>}
              </td>
              <td>{actionLabel(t, event.action)}</td>
              {showTarget && (
                <td>
                  {event.target_type === "session" && event.target_id ? (
                    <span className="cell-stack">
                      <Link to={`/sessions/${event.target_id}`}>{event.target_name ?? t("session", { id: event.target_id })}</Link>
                      {onFilter && (
                        <button
                          type="button"
                          className="link-button small"
                          onClick={() => onFilter({ target_id: event.target_id ?? "", label: event.target_name ?? event.target_id ?? "" })}
                        >
                          {t("onlyThisSession")}
                        </button>
                      )}
                    </span>
                  ) : (
                    <span className="muted small">{event.target_type ?? EMPTY}</span>
                  )}
                </td>
              )}
              <td>
                <Badge tone={event.outcome === "ok" ? "success" : "danger"}>
                  {event.outcome === "ok" || event.outcome === "failed" ? t(`outcome.${event.outcome}`) : event.outcome}
                </Badge>
              </td>
              <td className="mono small">{event.ip ?? EMPTY}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
