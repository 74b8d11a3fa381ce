import { RetentionPolicyForm, retentionMessages } from "../../features/retention";
import { useMessages } from "../../lib/i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

/** Admins set how long sessions keep their photos and personal values. */
export function RetentionSettingsPage() {
  const t = useMessages(retentionMessages);
  useDocumentTitle(t("title"));
  return (
    <section className="page">
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <RetentionPolicyForm />
    </section>
  );
}
