import { Badge } from "../../../components/Badge";
import { Flag } from "../../../components/Flag";
import { EMPTY, useMessages } from "../../../lib/i18n";
import type { MrzCheck, MrzDetail } from "../api";
import type { Mark } from "../highlight";
import { messages } from "../messages";
import { MrzLines } from "./MrzLines";

/** Everything the MRZ check found: the lines with failing characters marked, then the errors in words. */
export function MrzReport({ check }: { check: MrzCheck }) {
  const t = useMessages(messages);
  const failing = check.details.filter((detail) => !detail.valid);
  return (
    <div className="mrz-report">
      <p className="mrz-report__verdict">
        <Badge tone={check.valid ? "success" : "danger"}>{check.valid ? t("valid") : t("invalid")}</Badge>
        <span className="muted">{t("format", { format: check.format })}</span>
      </p>
      <MrzLines lines={check.lines} marks={failing.map(markOf)} label={t("lines")} />
      <h3 className="mrz-report__heading">{t("errors")}</h3>
      {failing.length === 0 ? (
        <p>{t("noErrors")}</p>
      ) : (
        <ul className="mrz-errors" data-testid="mrz-errors">
          {failing.map((detail) => (
            <li key={`${detail.field}-${detail.line}-${detail.start}`}>
              <span className="mrz-errors__category">
                {t("category")}: {detail.label}
              </span>
              <span className="mrz-errors__message">
                {t("error")}: {detail.error ?? EMPTY}
              </span>
              <span className="muted small">
                {detail.end - detail.start > 1
                  ? t("position", { line: detail.line + 1, from: detail.start + 1, to: detail.end })
                  : t("positionOne", { line: detail.line + 1, from: detail.start + 1 })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {check.repair && check.repair.changes.length > 0 && <Repair repair={check.repair} />}
      <details className="mrz-fields">
        <summary>{t("allFields", { count: check.details.length })}</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("field")}</th>
              <th scope="col">{t("value")}</th>
              <th scope="col">{t("result")}</th>
            </tr>
          </thead>
          <tbody>
            {check.details.map((detail) => (
              <tr key={`${detail.field}-${detail.line}-${detail.start}`}>
                <th scope="row">{detail.label}</th>
                <td className="mono">{detail.value || EMPTY}</td>
                <td>
                  <Flag value={detail.valid} yes={t("ok")} no={t("failed")} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

function markOf(detail: MrzDetail): Mark {
  const title = detail.error ? `${detail.label}: ${detail.error}` : detail.label;
  return { line: detail.line, start: detail.start, end: detail.end, title };
}

function Repair({ repair }: { repair: NonNullable<MrzCheck["repair"]> }) {
  const t = useMessages(messages);
  const marks = repair.changes.map((change) => ({
    line: change.line,
    start: change.position,
    end: change.position + 1,
    title: `${change.from} → ${change.to}`,
  }));
  const basis = (value: string) => (value === "check_digit" || value === "class" ? t(`basis.${value}`) : value);
  return (
    <section className="mrz-repair" aria-labelledby="mrz-repair-title">
      <h3 id="mrz-repair-title" className="mrz-report__heading">
        {t("repair")}
      </h3>
      <p className="muted small">{t("repairHint")}</p>
      <MrzLines lines={repair.lines} marks={marks} label={t("repair")} variant="repair" />
      <ul className="small">
        {repair.changes.map((change) => (
          <li key={`${change.line}-${change.position}`}>
            {t("repairChange", { line: change.line + 1, position: change.position + 1, from: change.from, to: change.to })}{" "}
            <span className="muted">({basis(change.basis)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
