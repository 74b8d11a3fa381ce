import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, problemOf } from "../../api/client";
import { keys } from "../../api/keys";
import { filenameOf } from "../../lib/download";
import type { Language } from "../../lib/i18n";

export interface Report {
  blob: Blob;
  filename: string;
  /** Printed on every page; `GET /reports/verify` checks it later. */
  verificationCode: string | null;
}

/** Fetches the session's PDF with the bearer token (a plain link could not send it). */
export function useDownloadReport(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (lang: Language): Promise<Report> => {
      const { data, error, response } = await api.GET("/api/v1/sessions/{id}/report.pdf", {
        params: { path: { id: sessionId }, query: { lang } },
        parseAs: "blob",
      });
      if (!response.ok || error !== undefined || !(data instanceof Blob)) throw problemOf(response, error);
      return {
        blob: data,
        filename: filenameOf(response.headers.get("Content-Disposition")) ?? `session-${sessionId}-report-${lang}.pdf`,
        verificationCode: response.headers.get("X-Verification-Code"),
      };
    },
    // The export is audited: the activity section shows it.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.sessionPart(sessionId, "activity") }),
  });
}

export { filenameOf, saveFile } from "../../lib/download";
