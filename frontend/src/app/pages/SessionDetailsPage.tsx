import type { MouseEvent } from "react";
import { Link, useLocation, useParams } from "react-router";
import { isNotFound } from "../../api/client";
import { SessionActivity } from "../../features/activity";
import { AttemptsHistory, usePrefetchAttempts } from "../../features/attempts";
import { DecisionActions, useReasonLabel } from "../../features/decision";
import { CheckMrzButton } from "../../features/mrz";
import { Notes } from "../../features/notes";
import { ScreeningBanner, StatusReasons } from "../../features/officer";
import { AssignmentControl } from "../../features/queue";
import { PepInfo } from "../../features/pep";
import { DownloadReportButton } from "../../features/report";
import {
  CustomerActivityCard,
  ExtraFieldsCard,
  PhotoGallery,
  SummaryCard,
  VerificationCard,
  useSession,
  type SessionDetails,
} from "../../features/session-details";
import { StatusBadge } from "../../features/sessions";
import { ErrorMessage, Loading } from "../../components/Status";
import { canDecide, canWriteNotes, isAdmin } from "../../lib/auth";
import { useFormat, useMessages } from "../../lib/i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useViewer } from "../../lib/useViewer";
import { messages } from "../messages";
import { NotFoundPage } from "./NotFoundPage";

/** The sections' ids, in page order, for the "On this page" links. */
const SECTIONS = ["summary", "verification", "customer-activity", "pep", "extra-fields", "notes", "attempts", "activity"] as const;

interface FromList {
  from?: string;
  trail?: unknown;
}

export function SessionDetailsPage() {
  const { id = "" } = useParams();
  const t = useMessages(messages);
  const session = useSession(id);
  usePrefetchAttempts(id);

  if (session.isPending) return <Loading />;
  if (isNotFound(session.error)) return <NotFoundPage text={t("sessionNotFound")} />;
  if (session.error) return <ErrorMessage error={session.error} onRetry={() => session.refetch()} />;
  return <SessionView session={session.data} />;
}

/** The Current Session view: photos on the left, every section on the right, actions on top. */
function SessionView({ session }: { session: SessionDetails }) {
  const t = useMessages(messages);
  const format = useFormat();
  const viewer = useViewer();
  const reasonLabel = useReasonLabel();
  const name = [session.summary.first_name, session.summary.last_name].filter(Boolean).join(" ");
  useDocumentTitle(name || t("unnamed"));

  return (
    <article className="details" data-testid="session-details">
      <header className="details__header">
        <BackToList />
        <ScreeningBanner alerts={session.pep.alerts} />
        <div className="details__title">
          <h1>{name || <span className="muted">{t("unnamed")}</span>}</h1>
          <StatusBadge status={session.status} />
        </div>
        <p className="muted small">{t("createdAt", { date: format.dateTime(session.created_at) })}</p>
        <StatusReasons reasons={session.status_reasons} />
        <div className="details__actions">
          <CheckMrzButton sessionId={session.id} hasErrors={session.mrz_valid === false} />
          <DownloadReportButton sessionId={session.id} />
          {session.status === "awaiting_action" && canDecide(viewer) && (
            <AssignmentControl sessionId={session.id} assignee={session.assignee} />
          )}
          {session.status === "awaiting_action" && canDecide(viewer) && <DecisionActions sessionId={session.id} />}
        </div>
      </header>
      <nav aria-label={t("onThisPage")}>
        <ul className="details__toc">
          {SECTIONS.filter((section) => section !== "activity" || isAdmin(viewer)).map((section) => (
            <li key={section}>
              <a href={`#${section}`} onClick={(event) => jumpTo(event, section)}>
                {t(`toc.${section}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="details__grid">
        <aside className="details__photos" aria-label={t("photos")}>
          <PhotoGallery sessionId={session.id} photos={session.photos} />
        </aside>
        <div className="details__sections">
          <SummaryCard session={session} />
          <VerificationCard session={session} />
          <CustomerActivityCard session={session} />
          <PepInfo sessionId={session.id} canReview={canDecide(viewer)} />
          <ExtraFieldsCard fields={session.extra_fields} />
          <Notes sessionId={session.id} canWrite={canWriteNotes(viewer)} reasonLabel={reasonLabel} />
          <AttemptsHistory sessionId={session.id} />
          {isAdmin(viewer) && <SessionActivity sessionId={session.id} />}
        </div>
      </div>
    </article>
  );
}

/** Scrolls to a section and moves the keyboard focus there, keeping the history entry as it is. */
function jumpTo(event: MouseEvent, id: string) {
  const section = document.getElementById(id);
  if (!section) return;
  event.preventDefault();
  section.scrollIntoView({ block: "start" });
  section.focus({ preventScroll: true });
}

/** Back to the list page the user came from, filters and page included. */
function BackToList() {
  const t = useMessages(messages);
  const state = useLocation().state as FromList | null;
  const to = state?.from?.startsWith("/sessions") ? state.from : "/sessions";
  return (
    <Link to={to} state={{ trail: state?.trail }} className="back-link">
      ← {t("backToSessions")}
    </Link>
  );
}
