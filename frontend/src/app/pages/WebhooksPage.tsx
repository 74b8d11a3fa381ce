import { WebhooksManager } from "../../features/webhooks";
import { isAdmin } from "../../lib/auth";
import { useMessages } from "../../lib/i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useViewer } from "../../lib/useViewer";
import { messages } from "../messages";

export function WebhooksPage() {
  const t = useMessages(messages);
  const viewer = useViewer();
  useDocumentTitle(t("webhooks"));
  return (
    <div className="page">
      <h1 className="page__title">{t("webhooks")}</h1>
      {isAdmin(viewer) ? <WebhooksManager /> : <p className="alert alert--info">{t("webhooksAdminOnly")}</p>}
    </div>
  );
}
