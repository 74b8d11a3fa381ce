import { useReasonTag, type StatusReason } from "../../../components/StatusReasonTag";
import { useMessages } from "../../../lib/i18n";
import { messages } from "../messages";

/** Why the session has its status, at the top of its page: one line per reason. */
export function StatusReasons({ reasons }: { reasons: StatusReason[] }) {
  const t = useMessages(messages);
  const tag = useReasonTag();
  if (reasons.length === 0) return null;
  return (
    <section className="status-reasons" aria-labelledby="status-reasons-title" data-testid="status-reasons">
      <h2 id="status-reasons-title" className="status-reasons__title">
        {t("reasonsTitle")}
      </h2>
      <ul className="status-reasons__list">
        {reasons.map((reason, index) => (
          <li key={`${reason.code}-${reason.field ?? index}`} data-code={reason.code}>
            <strong>{tag(reason.code)}</strong>: {reason.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
