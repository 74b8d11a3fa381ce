import { TeamManager } from "../../features/team";
import { isAdmin } from "../../lib/auth";
import { useMessages } from "../../lib/i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useViewer } from "../../lib/useViewer";
import { messages } from "../messages";

export function TeamPage() {
  const t = useMessages(messages);
  const viewer = useViewer();
  useDocumentTitle(t("team"));
  return (
    <div className="page">
      <h1 className="page__title">{t("team")}</h1>
      {isAdmin(viewer) ? <TeamManager /> : <p className="alert alert--info">{t("teamAdminOnly")}</p>}
    </div>
  );
}
