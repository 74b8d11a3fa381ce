import { useMessages } from "../lib/i18n";
import { messages } from "./messages";

/** A yes/no check result: green yes, red no, grey when the check did not run. */
export function Flag({ value, yes, no }: { value: boolean | null | undefined; yes?: string; no?: string }) {
  const t = useMessages(messages);
  if (value === null || value === undefined) return <span className="flag flag--unknown">{t("unknown")}</span>;
  return value ? (
    <span className="flag flag--yes">{yes ?? t("yes")}</span>
  ) : (
    <span className="flag flag--no">{no ?? t("no")}</span>
  );
}
