import { AccountPanel } from "../../features/account";
import { useMessages } from "../../lib/i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { messages } from "../messages";

export function AccountPage() {
  const t = useMessages(messages);
  useDocumentTitle(t("myAccount"));
  return (
    <div className="page">
      <h1 className="page__title">{t("myAccount")}</h1>
      <AccountPanel roleLabel={(role) => t(`role.${role}`)} />
    </div>
  );
}
