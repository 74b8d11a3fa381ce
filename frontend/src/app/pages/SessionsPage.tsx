import { SessionList } from "../../features/sessions";
import { useMessages } from "../../lib/i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { messages } from "../messages";

export function SessionsPage() {
  const t = useMessages(messages);
  useDocumentTitle(t("sessions"));
  return (
    <div className="page">
      <h1 className="page__title">{t("sessions")}</h1>
      <SessionList />
    </div>
  );
}
