import { ApiKeys } from "../../features/api-keys";
import { isAdmin } from "../../lib/auth";
import { useMessages } from "../../lib/i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useViewer } from "../../lib/useViewer";
import { messages } from "../messages";

export function ApiKeysPage() {
  const t = useMessages(messages);
  const viewer = useViewer();
  useDocumentTitle(t("apiKeys"));
  return (
    <div className="page">
      <h1 className="page__title">{t("apiKeys")}</h1>
      {isAdmin(viewer) ? <ApiKeys /> : <p className="alert alert--info">{t("apiKeysAdminOnly")}</p>}
    </div>
  );
}
