import type { MouseEvent } from "react";
import type { Schemas } from "../../../api/client";
import { useMessages } from "../../../lib/i18n";
import { messages, type OfficerKey } from "../messages";

export type ScreeningAlert = Schemas["ScreeningAlertView"];

/**
 * The red banner at the top of a session's page while a screening match is open or confirmed:
 * the officer sees it above the fold, before any decision button.
 */
export function ScreeningBanner({ alerts }: { alerts: ScreeningAlert[] }) {
  const t = useMessages(messages);
  if (alerts.length === 0) return null;
  return (
    <section className="alert alert--error screening-banner" role="alert" aria-labelledby="screening-banner-title" data-testid="screening-banner">
      <h2 id="screening-banner-title" className="screening-banner__title">
        {t("bannerTitle")}
      </h2>
      <ul className="screening-banner__list">
        {alerts.map((alert) => (
          <li key={`${alert.list}/${alert.entity_id}`}>
            {t(`alert.${alert.kind}.${alert.review === "confirmed" ? "confirmed" : "open"}` as OfficerKey, {
              name: alert.name,
              list: alert.list,
              id: alert.entity_id,
            })}
          </li>
        ))}
      </ul>
      <a href="#pep" className="screening-banner__link" onClick={jumpToPep}>
        {t("reviewMatches")}
      </a>
    </section>
  );
}

function jumpToPep(event: MouseEvent) {
  const section = document.getElementById("pep");
  if (!section) return;
  event.preventDefault();
  section.scrollIntoView({ block: "start" });
  section.focus({ preventScroll: true });
}
