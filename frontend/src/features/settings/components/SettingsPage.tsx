import { isAdmin } from "../../../lib/auth";
import { useMessages } from "../../../lib/i18n";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { useViewer } from "../../../lib/useViewer";
import { messages } from "../messages";
import { SettingsForm } from "./SettingsForm";

export function SettingsPage() {
  const t = useMessages(messages);
  const viewer = useViewer();
  useDocumentTitle(t("title"));
  return (
    <div className="page">
      <h1 className="page__title">{t("title")}</h1>
      {isAdmin(viewer) ? (
        <>
          <p className="muted">{t("intro")}</p>
          <SettingsForm />
        </>
      ) : (
        <p className="muted">{t("adminOnly")}</p>
      )}
    </div>
  );
}
