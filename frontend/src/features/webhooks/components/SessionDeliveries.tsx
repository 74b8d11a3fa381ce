import { Section } from "../../../components/Section";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useSessionDeliveries } from "../api";
import { messages } from "../messages";
import { DeliveryTable } from "./DeliveryTable";

/** What was sent to the company's webhook endpoints about this session. */
export function SessionDeliveries({ sessionId }: { sessionId: string }) {
  const t = useMessages(messages);
  const deliveries = useSessionDeliveries(sessionId);
  return (
    <Section id="webhook-deliveries" title={t("sessionTitle")}>
      {deliveries.isPending && <Loading />}
      {deliveries.error && <ErrorMessage error={deliveries.error} onRetry={() => deliveries.refetch()} />}
      {deliveries.data && <DeliveryTable deliveries={deliveries.data.items} />}
    </Section>
  );
}
