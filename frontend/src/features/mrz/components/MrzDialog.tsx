import { useState } from "react";
import { Dialog } from "../../../components/Dialog";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useMrzCheck } from "../api";
import { messages } from "../messages";
import { MrzReport } from "./MrzReport";

/** The "Check MRZ errors" button and the dialog it opens. */
export function CheckMrzButton({ sessionId, hasErrors }: { sessionId: string; hasErrors: boolean }) {
  const t = useMessages(messages);
  const [open, setOpen] = useState(false);
  const check = useMrzCheck(sessionId, open);
  return (
    <>
      <button type="button" className={hasErrors ? "button button--danger" : "button"} onClick={() => setOpen(true)}>
        {t("open")}
      </button>
      <Dialog open={open} title={t("title")} onClose={() => setOpen(false)} size="large">
        {check.isPending && <Loading />}
        {check.error && <ErrorMessage error={check.error} onRetry={() => check.refetch()} />}
        {check.data && <MrzReport check={check.data} />}
      </Dialog>
    </>
  );
}
