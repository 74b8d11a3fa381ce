import { SessionList } from "../../features/sessions";
import { isAdmin } from "../../lib/auth";
import { useMessages } from "../../lib/i18n";
import { useViewer } from "../../lib/useViewer";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { messages } from "../messages";

export function SessionsPage() {
  const t = useMessages(messages);
  useDocumentTitle(t("sessions"));
  const viewer = useViewer();
  return (
    <div className="page">
      <h1 className="page__title">{t("sessions")}</h1>
      <SessionList canExport={isAdmin(viewer)} />
    </div>
  );
}
