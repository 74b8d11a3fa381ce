import { Link } from "react-router";
import type { Schemas } from "../../../api/client";
import { useFormat, useMessages } from "../../../lib/i18n";
import { StatusReasonTag } from "../../../components/StatusReasonTag";
import { messages } from "../messages";
import { ageOf } from "./age";

type Row = Schemas["SessionSummary"];

/** A queue's sessions with their age, reason and reviewer. */
export function QueueTable({ sessions, label, showAge }: { sessions: Row[]; label: string; showAge: boolean }) {
  const t = useMessages(messages);
  const format = useFormat();
  const now = Date.now();
  return (
    <table className="table queue-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t("name")}</th>
          <th scope="col">{showAge ? t("age") : t("created")}</th>
          <th scope="col">{t("reason")}</th>
          <th scope="col">{t("reviewer")}</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => {
          const age = ageOf(session.created_at, now);
          const name = [session.first_name, session.last_name].filter(Boolean).join(" ");
          return (
            <tr key={session.id}>
              <td>
                <Link className="row-link" to={`/sessions/${session.id}`}>
                  {name || <span className="muted">{t("unnamed")}</span>}
                </Link>
              </td>
              <td className="nowrap" title={format.dateTime(session.created_at)}>
                {showAge ? t(`age.${age.unit}`, { n: age.n }) : format.dateTime(session.created_at)}
              </td>
              <td>
                <StatusReasonTag reason={session.status_reason} />
              </td>
              <td>
                {session.assignee ? (
                  <span className="text-warning">{t("beingReviewedBy", { name: session.assignee.name })}</span>
                ) : (
                  <span className="muted">{t("free")}</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
