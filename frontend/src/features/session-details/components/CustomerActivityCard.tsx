import { Facts } from "../../../components/Facts";
import { Flag } from "../../../components/Flag";
import { Section } from "../../../components/Section";
import { useFormat, useMessages } from "../../../lib/i18n";
import type { SessionDetails } from "../api";
import { messages, type T } from "../messages";

function deviceLabel(t: T, type: string | null | undefined) {
  if (type === "pc" || type === "mobile" || type === "tablet" || type === "bot" || type === "other") return t(`device.${type}`);
  return type;
}

export function CustomerActivityCard({ session }: { session: SessionDetails }) {
  const t = useMessages(messages);
  const format = useFormat();
  const activity = session.customer_activity;
  const agent = activity.user_agent;
  const device = [agent.device_name, deviceLabel(t, agent.device_type)].filter(Boolean).join(" · ");
  return (
    <Section id="customer-activity" title={t("customerActivity")}>
      <Facts
        testId="customer-activity"
        facts={[
          { label: t("device"), value: device },
          { label: t("browser"), value: agent.browser },
          { label: t("os"), value: agent.os },
          ...(agent.in_app_browser ? [{ label: t("inAppBrowser"), value: agent.in_app_browser }] : []),
          { label: t("sessionId"), value: <span className="mono small">{activity.session_id}</span> },
          { label: t("clientIp"), value: activity.client_ip && <span className="mono">{activity.client_ip}</span> },
          { label: t("ipCountry"), value: activity.ip_country && <span data-testid="ip-country">{activity.ip_country}</span> },
          { label: t("startedAt"), value: activity.started_at && format.dateTime(activity.started_at) },
          { label: t("finishedAt"), value: activity.finished_at && format.dateTime(activity.finished_at) },
          { label: t("livenessFinished"), value: <Flag value={activity.liveness_finished} /> },
          { label: t("documentFinished"), value: <Flag value={activity.document_finished} /> },
          { label: t("attempts"), value: activity.attempts },
        ]}
      />
      {agent.raw && (
        <details className="raw-agent">
          <summary>{t("userAgent")}</summary>
          <code>{agent.raw}</code>
        </details>
      )}
    </Section>
  );
}
