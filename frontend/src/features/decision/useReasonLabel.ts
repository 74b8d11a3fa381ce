import { useCallback } from "react";
import { useLanguage } from "../../lib/i18n";
import { useRejectionTaxonomy } from "./api";
import { GEORGIAN_REASONS } from "./messages";

/** The words for a rejection group or reason id in the current language. */
export function useReasonLabel(): (id: string) => string {
  const { language } = useLanguage();
  const taxonomy = useRejectionTaxonomy();
  return useCallback(
    (id: string) => {
      if (language === "ka" && GEORGIAN_REASONS[id]) return GEORGIAN_REASONS[id];
      for (const group of taxonomy.data?.groups ?? []) {
        if (group.id === id) return group.label;
        const reason = group.reasons.find((candidate) => candidate.id === id);
        if (reason) return reason.label;
      }
      return id;
    },
    [language, taxonomy.data],
  );
}
