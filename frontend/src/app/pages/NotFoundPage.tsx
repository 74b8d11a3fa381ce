import { Link } from "react-router";
import { useMessages } from "../../lib/i18n";
import { messages } from "../messages";

export function NotFoundPage({ text }: { text?: string }) {
  const t = useMessages(messages);
  return (
    <div className="not-found">
      <h1>{t("notFoundTitle")}</h1>
      <p>{text ?? t("pageNotFound")}</p>
      <Link to="/sessions" className="button">
        ← {t("backToSessions")}
      </Link>
    </div>
  );
}
