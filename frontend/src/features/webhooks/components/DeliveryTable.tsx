import { Badge, type Tone } from "../../../components/Badge";
import { useFormat, useMessages } from "../../../lib/i18n";
import type { Delivery } from "../api";
import { messages, type T } from "../messages";

const STATUS_TONES: Record<string, Tone> = { pending: "neutral", delivered: "success", failed: "danger", cancelled: "neutral" };

function statusLabel(t: T, status: string) {
  return status === "pending" || status === "delivered" || status === "failed" || status === "cancelled"
    ? t(`status.${status}`)
    : status;
}

/** Deliveries, newest first: the event, where it stands, every attempt's answer. */
export function DeliveryTable({ deliveries, onResend }: { deliveries: Delivery[]; onResend?: (id: string) => void }) {
  const t = useMessages(messages);
  const format = useFormat();
  if (deliveries.length === 0) return <p className="muted">{t("noDeliveries")}</p>;
  return (
    <table className="table" data-testid="webhook-deliveries">
      <thead>
        <tr>
          <th>{t("when")}</th>
          <th>{t("event")}</th>
          <th>{t("status")}</th>
          <th>{t("attempts")}</th>
          <th>{t("lastAnswer")}</th>
          {onResend && <th />}
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery) => {
          const last = delivery.attempts[delivery.attempts.length - 1];
          return (
            <tr key={delivery.id}>
              <td>{format.dateTime(delivery.created_at)}</td>
              <td>
                <code>{delivery.event_type}</code>
              </td>
              <td>
                <Badge tone={STATUS_TONES[delivery.status] ?? "neutral"}>{statusLabel(t, delivery.status)}</Badge>
              </td>
              <td>{delivery.attempts.length}</td>
              <td className="small">
                {last ? (last.status_code ?? `${t("noAnswer")}: ${last.error ?? ""}`) : ""}
                {last && ` (${last.duration_ms} ms)`}
              </td>
              {onResend && (
                <td>
                  {delivery.status !== "pending" && (
                    <button type="button" className="button button--small" onClick={() => onResend(delivery.id)}>
                      {t("resend")}
                    </button>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
