import { useMemo } from "react";
import { useLanguage, type Language } from "./language";

const LOCALES: Record<Language, string> = { en: "en-GB", ka: "ka-GE" };

export interface Formatters {
  /** A moment, e.g. "20 Nov 2026, 09:14". */
  dateTime: (iso: string | null | undefined) => string;
  /** A calendar date as printed on documents, e.g. "12 Aug 1974". */
  date: (isoDate: string | null | undefined) => string;
  number: (value: number) => string;
}

export const EMPTY = "—";

export function formattersFor(language: Language): Formatters {
  const locale = LOCALES[language];
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const number = new Intl.NumberFormat(locale);
  return {
    dateTime: (iso) => (iso ? dateTime.format(new Date(iso)) : EMPTY),
    date: (isoDate) => {
      if (!isoDate) return EMPTY;
      const parsed = new Date(`${isoDate}T00:00:00Z`);
      return Number.isNaN(parsed.getTime()) ? isoDate : date.format(parsed);
    },
    number: (value) => number.format(value),
  };
}

export function useFormat(): Formatters {
  const { language } = useLanguage();
  return useMemo(() => formattersFor(language), [language]);
}
