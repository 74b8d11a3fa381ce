import type { ReactNode } from "react";
import { Flag } from "../../../components/Flag";
import { Section } from "../../../components/Section";
import { ErrorMessage, Loading } from "../../../components/Status";
import { EMPTY, useFormat, useMessages } from "../../../lib/i18n";
import { useAttempts, type Attempt } from "../api";
import { messages } from "../messages";

export function AttemptsHistory({ sessionId }: { sessionId: string }) {
  const t = useMessages(messages);
  const attempts = useAttempts(sessionId);
  return (
    <Section id="attempts" title={t("title")}>
      {attempts.isPending && <Loading />}
      {attempts.error && <ErrorMessage error={attempts.error} />}
      {attempts.data && <AttemptsTable attempts={attempts.data.items} />}
    </Section>
  );
}

interface Row {
  label: string;
  cell: (attempt: Attempt) => ReactNode;
  value?: (attempt: Attempt) => unknown;
}

/** Attempts side by side, one column each, so a change between them stands out. */
export function AttemptsTable({ attempts }: { attempts: Attempt[] }) {
  const t = useMessages(messages);
  const format = useFormat();
  const latest = attempts.at(-1)?.number;
  const device = (a: Attempt) => [a.user_agent.device_name, a.user_agent.browser, a.user_agent.os].filter(Boolean).join(" · ") || EMPTY;
  // `value` is what is compared with the previous attempt; times always differ, so they are not.
  const rows: Row[] = [
    { label: t("startedAt"), cell: (a) => format.dateTime(a.started_at) },
    { label: t("finishedAt"), cell: (a) => format.dateTime(a.finished_at) },
    { label: t("livenessFinished"), cell: (a) => <Flag value={a.liveness_finished} />, value: (a) => a.liveness_finished },
    { label: t("documentFinished"), cell: (a) => <Flag value={a.document_finished} />, value: (a) => a.document_finished },
    { label: t("livenessPassed"), cell: (a) => <Flag value={a.liveness_passed} />, value: (a) => a.liveness_passed },
    { label: t("documentValid"), cell: (a) => <Flag value={a.document_valid} />, value: (a) => a.document_valid },
    { label: t("mrzValid"), cell: (a) => <Flag value={a.mrz_valid} />, value: (a) => a.mrz_valid },
    { label: t("faceMatch"), cell: (a) => a.face_match_level ?? EMPTY, value: (a) => a.face_match_level },
    { label: t("device"), cell: device, value: device },
    { label: t("clientIp"), cell: (a) => <span className="mono">{a.client_ip ?? EMPTY}</span>, value: (a) => a.client_ip },
  ];
  const changed = (row: Row, index: number) => {
    const previous = attempts[index - 1];
    return index > 0 && row.value !== undefined && previous !== undefined && row.value(previous) !== row.value(attempts[index]!);
  };
  return (
    <>
      {attempts.length === 1 ? <p className="muted small">{t("single")}</p> : <p className="muted small">{t("changedHint")}</p>}
      <div className="table-scroll">
        <table className="table attempts-table">
          <thead>
            <tr>
              <th scope="col">{t("check")}</th>
              {attempts.map((attempt) => (
                <th scope="col" key={attempt.number}>
                  {t("attempt", { number: attempt.number })}
                  {attempt.number === latest && attempts.length > 1 && <span className="muted small"> · {t("latest")}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {attempts.map((attempt, index) => (
                  <td key={attempt.number} className={changed(row, index) ? "changed" : undefined}>
                    {row.cell(attempt)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
