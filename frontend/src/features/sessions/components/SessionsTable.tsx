import type { KeyboardEvent, MouseEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useFormat, useMessages, EMPTY } from "../../../lib/i18n";
import type { SessionSummary } from "../api";
import { Badge } from "../../../components/Badge";
import { StatusReasonTag } from "../../../components/StatusReasonTag";
import { messages, type T } from "../messages";
import { StatusBadge } from "./StatusBadge";

/** Low face-match levels (FAR 1/500 or worse) are the list's "Low FAR" spoof signal. */
const LOW_FACE_MATCH = 3;

export function SessionsTable({ sessions, linkState }: { sessions: SessionSummary[]; linkState?: unknown }) {
  const t = useMessages(messages);
  const format = useFormat();
  const navigate = useNavigate();

  const openRow = (event: MouseEvent<HTMLTableRowElement>, id: string) => {
    if ((event.target as HTMLElement).closest("a, button")) return;
    navigate(`/sessions/${id}`, { state: linkState });
  };

  return (
    <table className="table sessions-table" aria-label={t("title")}>
      <thead>
        <tr>
          <th scope="col">{t("name")}</th>
          <th scope="col">{t("personalNumber")}</th>
          <th scope="col">{t("document")}</th>
          <th scope="col">{t("nationality")}</th>
          <th scope="col">{t("checks")}</th>
          <th scope="col">{t("pep")}</th>
          <th scope="col">{t("status")}</th>
          <th scope="col">{t("created")}</th>
        </tr>
      </thead>
      <tbody onKeyDown={moveBetweenRows}>
        {sessions.map((session) => (
          <tr key={session.id} onClick={(event) => openRow(event, session.id)}>
            <td>
              <Link className="row-link" to={`/sessions/${session.id}`} state={linkState}>
                {fullName(session) ?? <span className="muted">{t("unnamed")}</span>}
              </Link>
            </td>
            <td className="mono">{session.personal_number ?? EMPTY}</td>
            <td>
              <span className="cell-stack">
                <span className="mono">{session.document_number ?? EMPTY}</span>
                <span className="muted small">{documentLabel(t, session.document_type)}</span>
              </span>
            </td>
            <td>{session.nationality ?? EMPTY}</td>
            <td>
              <Checks session={session} t={t} />
            </td>
            <td>
              <PepStatus status={session.pep_status} t={t} />
            </td>
            <td>
              <span className="cell-stack">
                <StatusBadge status={session.status} />
                <StatusReasonTag reason={session.status_reason} />
              </span>
            </td>
            <td className="nowrap">{format.dateTime(session.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function fullName(session: SessionSummary): string | null {
  const name = [session.first_name, session.last_name].filter(Boolean).join(" ");
  return name || null;
}

function documentLabel(t: T, type: string | null | undefined): string {
  switch (type) {
    case "passport":
    case "id_card":
    case "residence_permit":
    case "driving_licence":
      return t(`document.${type}`);
    default:
      return type ?? EMPTY;
  }
}

function Checks({ session, t }: { session: SessionSummary; t: T }) {
  const level = session.face_match_level;
  return (
    <ul className="checks">
      {session.liveness_finished ? (
        <Check ok={session.liveness_passed} label={t("liveness")} />
      ) : (
        <NotDone label={t("liveness")} t={t} />
      )}
      {session.document_finished ? (
        <Check ok={session.document_valid} label={t("documentValid")} />
      ) : (
        <NotDone label={t("documentValid")} t={t} />
      )}
      {session.liveness_finished ? (
        <Check
          ok={level === null || level === undefined ? null : level > LOW_FACE_MATCH}
          label={level ? t("faceMatch", { level }) : t("noFaceMatch")}
          short={level ? t("faceShort", { level }) : t("faceShort", { level: EMPTY })}
        />
      ) : (
        <NotDone label={t("face")} t={t} />
      )}
    </ul>
  );
}

function Check({ ok, label, short }: { ok: boolean | null | undefined; label: string; short?: string }) {
  const state = ok === null || ok === undefined ? "unknown" : ok ? "ok" : "fail";
  const glyph = state === "ok" ? "✓" : state === "fail" ? "✗" : "·";
  return (
    <li className={`check check--${state}`} title={label}>
      <span aria-hidden="true">{glyph}</span> {short ?? label}
      {short && <span className="visually-hidden">{label}</span>}
    </li>
  );
}

/** A step the customer has not finished: no result yet, so neither a tick nor a cross. */
function NotDone({ label, t }: { label: string; t: T }) {
  return (
    <li className="check check--unknown" title={t("notDoneTitle", { step: label })}>
      <span aria-hidden="true">–</span> {t("notDone", { step: label })}
    </li>
  );
}

function PepStatus({ status, t }: { status: string; t: T }) {
  switch (status) {
    case "clear":
      return <span className="muted nowrap">{t("pep.clear")}</span>;
    case "potential_match":
      return <Badge tone="danger">{t("pep.potential_match")}</Badge>;
    case "confirmed_match":
      return <Badge tone="danger">{t("pep.confirmed_match")}</Badge>;
    case "not_screened":
      return <span className="muted nowrap">{t("pep.not_screened")}</span>;
    default:
      return <span>{status}</span>;
  }
}

/** ↑/↓ (or k/j) move the focus between the rows' links. */
function moveBetweenRows(event: KeyboardEvent<HTMLTableSectionElement>) {
  const step = event.key === "ArrowDown" || event.key === "j" ? 1 : event.key === "ArrowUp" || event.key === "k" ? -1 : 0;
  if (!step) return;
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>("a.row-link"));
  const index = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = links[Math.min(links.length - 1, Math.max(0, index + step))];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}
