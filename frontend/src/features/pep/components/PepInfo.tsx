import { useState } from "react";
import { Badge, type Tone } from "../../../components/Badge";
import { Section } from "../../../components/Section";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useFormat, useMessages } from "../../../lib/i18n";
import { usePep, type PepMatch, type PepResult, type Review } from "../api";
import { messages, type T } from "../messages";
import { ReviewDialog } from "./ReviewDialog";

const STATUS_TONES: Record<PepResult["status"], Tone> = {
  clear: "success",
  potential_match: "warning",
  confirmed_match: "danger",
  not_screened: "neutral",
};

export function statusLabel(t: T, status: PepResult["status"]) {
  return t(`status.${status}`);
}

/** PEPInfo: the lists screened, and each match with its score and reasons, to review. */
export function PepInfo({ sessionId, canReview }: { sessionId: string; canReview: boolean }) {
  const t = useMessages(messages);
  const pep = usePep(sessionId);
  return (
    <Section id="pep" title={t("title")} actions={pep.data && <Badge tone={STATUS_TONES[pep.data.status]}>{statusLabel(t, pep.data.status)}</Badge>}>
      <div data-testid="pep">
        {pep.isPending && <Loading />}
        {pep.error && <ErrorMessage error={pep.error} onRetry={() => pep.refetch()} />}
        {pep.data && <PepResultView sessionId={sessionId} result={pep.data} canReview={canReview} />}
      </div>
    </Section>
  );
}

export function PepResultView({ sessionId, result, canReview }: { sessionId: string; result: PepResult; canReview: boolean }) {
  const t = useMessages(messages);
  const format = useFormat();
  const [reviewing, setReviewing] = useState<{ match: PepMatch; review: Review } | null>(null);
  return (
    <>
      <p className="pep__lists small">
        <span className="muted">{t("lists")}: </span>
        {result.lists.length === 0
          ? t("noLists")
          : result.lists.map((list) => `${list.name} (${list.version})`).join(" · ")}
        {result.screened_at && (
          <span className="muted">
            {" "}
            · {t("screenedAt")} {format.dateTime(result.screened_at)}
          </span>
        )}
      </p>
      {result.matches.length === 0 ? (
        <p className="muted">{t("noMatches")}</p>
      ) : (
        <>
          <h3 className="pep__heading">{t("matches", { count: result.matches.length })}</h3>
          <ul className="pep__matches">
            {result.matches.map((match) => (
              <MatchCard
                key={`${match.list}-${match.entity_id}`}
                match={match}
                onReview={canReview && match.review === "open" ? (review) => setReviewing({ match, review }) : undefined}
              />
            ))}
          </ul>
        </>
      )}
      {reviewing && (
        <ReviewDialog sessionId={sessionId} match={reviewing.match} review={reviewing.review} onClose={() => setReviewing(null)} />
      )}
    </>
  );
}

function MatchCard({ match, onReview }: { match: PepMatch; onReview?: (review: Review) => void }) {
  const t = useMessages(messages);
  const reviewTone: Tone = match.review === "confirmed" ? "danger" : match.review === "false_positive" ? "neutral" : "warning";
  const reviewLabel = t(`review.${match.review}`);
  return (
    <li className="match">
      <div className="match__head">
        <div>
          <strong className="match__name">{match.name}</strong>
          {(match.matched_name !== match.name || match.query_name) && (
            <div className="muted small">{t("matchedAs", { name: match.matched_name, query: match.query_name })}</div>
          )}
        </div>
        <div className="match__score" title={t("score")}>
          <span className={match.score >= 85 ? "text-danger" : match.score >= 70 ? "text-warning" : undefined}>
            {t("scoreOf", { score: match.score })}
          </span>
          <meter min={0} max={100} low={70} high={85} optimum={0} value={match.score} aria-label={t("score")} />
        </div>
        <Badge tone={reviewTone}>{reviewLabel}</Badge>
      </div>
      <dl className="match__facts">
        <div>
          <dt>{t("list")}</dt>
          <dd>{match.list}</dd>
        </div>
        <ListFact label={t("birthDates")} values={match.birth_dates} />
        <ListFact label={t("nationalities")} values={match.nationalities} />
        <ListFact label={t("programs")} values={match.programs} />
        <ListFact label={t("topics")} values={match.topics} />
      </dl>
      {match.reasons.length > 0 && (
        <div className="match__reasons">
          <span className="muted small">{t("reasons")}:</span>
          <ul>
            {match.reasons.map((reason, index) => (
              <li key={index} className={`reason reason--${reason.verdict === "different" ? "against" : "for"}`}>
                {reason.text}
              </li>
            ))}
          </ul>
        </div>
      )}
      {onReview && (
        <div className="match__actions">
          <button type="button" className="button button--small" onClick={() => onReview("false_positive")}>
            {t("markFalsePositive")}
          </button>
          <button type="button" className="button button--small button--danger" onClick={() => onReview("confirmed")}>
            {t("confirm")}
          </button>
        </div>
      )}
    </li>
  );
}

function ListFact({ label, values }: { label: string; values: string[] }) {
  if (values.length === 0) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{values.join(", ")}</dd>
    </div>
  );
}
