import { ErrorMessage } from "../../../components/Status";
import { useLanguage, useMessages } from "../../../lib/i18n";
import { saveFile, useDownloadReport } from "../api";
import { messages } from "../messages";

/** "Download PDF": the regulator's print form, in the interface's language, with its verification code. */
export function DownloadReportButton({ sessionId }: { sessionId: string }) {
  const t = useMessages(messages);
  const { language } = useLanguage();
  const download = useDownloadReport(sessionId);

  function start() {
    download.mutate(language, { onSuccess: (report) => saveFile(report.blob, report.filename) });
  }

  return (
    <>
      <button type="button" className="button" onClick={start} disabled={download.isPending} title={t("languageHint")}>
        {download.isPending ? t("downloading") : t("download")}
      </button>
      {download.data && (
        <p className="alert alert--success details__notice" role="status">
          {download.data.verificationCode
            ? t("downloaded", { code: download.data.verificationCode })
            : t("downloadedNoCode")}
        </p>
      )}
      {download.error && (
        <div className="details__notice">
          <ErrorMessage error={download.error} />
        </div>
      )}
    </>
  );
}
