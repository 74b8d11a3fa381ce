import { Link } from "react-router";
import { Badge } from "../../../components/Badge";
import { EMPTY, useFormat, useMessages } from "../../../lib/i18n";
import type { ActivityEvent } from "../api";
import { actionLabel, messages } from "../messages";

/** Audit events as a table: when, who, what, about what, with what outcome and from where. */
export function ActivityTable({ events, showTarget }: { events: ActivityEvent[]; showTarget: boolean }) {
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
                {event.actor.name}
                {event.actor_kind === "api_client" && <span className="muted small"> · {t("apiClient")}</span>}
              </td>
              <td>{actionLabel(t, event.action)}</td>
              {showTarget && (
                <td>
                  {event.target_type === "session" && event.target_id ? (
                    <Link to={`/sessions/${event.target_id}`} className="mono small">
                      {t("session", { id: event.target_id.slice(0, 8) })}
                    </Link>
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
