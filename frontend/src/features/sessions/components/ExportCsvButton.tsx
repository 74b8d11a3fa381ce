import { saveFile } from "../../../lib/download";
import type { Filters } from "../filters";
import { ErrorMessage } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useExportCsv } from "../api";
import { messages } from "../messages";

/** Downloads the list as CSV with the filters shown (admins only; the server audits it). */
export function ExportCsvButton({ filters }: { filters: Filters }) {
  const t = useMessages(messages);
  const exportCsv = useExportCsv();
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={exportCsv.isPending}
        onClick={() => exportCsv.mutate(filters, { onSuccess: ({ blob, filename }) => saveFile(blob, filename) })}
      >
        {exportCsv.isPending ? t("exporting") : t("exportCsv")}
      </button>
      {exportCsv.error && <ErrorMessage error={exportCsv.error} />}
    </>
  );
}
