import { AuditLog } from "../../features/activity";
import { isAdmin } from "../../lib/auth";
import { useMessages } from "../../lib/i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useViewer } from "../../lib/useViewer";
import { messages } from "../messages";

export function ActivityLogPage() {
  const t = useMessages(messages);
  const viewer = useViewer();
  useDocumentTitle(t("activityLog"));
  return (
    <div className="page">
      <h1 className="page__title">{t("activityLog")}</h1>
      {isAdmin(viewer) ? <AuditLog /> : <p className="alert alert--info">{t("adminOnly")}</p>}
    </div>
  );
}
