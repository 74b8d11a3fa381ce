import { useMemo } from "react";
import { useLanguage, type Language } from "./language";

export interface Formatters {
  /** A moment in local time, e.g. "20 Nov 2026, 09:14" / "20 ნოე 2026, 09:14". */
  dateTime: (iso: string | null | undefined) => string;
  /** A calendar date as printed on documents, e.g. "12 Aug 1974". */
  date: (isoDate: string | null | undefined) => string;
  number: (value: number) => string;
}

export const EMPTY = "—";

// Browsers do not all ship Georgian locale data (Chromium's ICU falls back to English), so
// Georgian dates are spelled here rather than by Intl.
const MONTHS: Record<Language, readonly string[]> = {
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  ka: ["იან", "თებ", "მარ", "აპრ", "მაი", "ივნ", "ივლ", "აგვ", "სექ", "ოქტ", "ნოე", "დეკ"],
};

const pad = (value: number) => String(value).padStart(2, "0");

export function formattersFor(language: Language): Formatters {
  const months = MONTHS[language];
  const calendar = (day: number, month: number, year: number) => `${day} ${months[month]} ${year}`;
  const number = new Intl.NumberFormat(language === "ka" ? "ka-GE" : "en-GB");
  return {
    dateTime: (iso) => {
      if (!iso) return EMPTY;
      const at = new Date(iso);
      if (Number.isNaN(at.getTime())) return iso;
      return `${calendar(at.getDate(), at.getMonth(), at.getFullYear())}, ${pad(at.getHours())}:${pad(at.getMinutes())}`;
    },
    date: (isoDate) => {
      const match = isoDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate) : null;
      if (!match) return isoDate || EMPTY;
      return calendar(Number(match[3]), Number(match[2]) - 1, Number(match[1]));
    },
    number: (value) => number.format(value),
  };
}

export function useFormat(): Formatters {
  const { language } = useLanguage();
  return useMemo(() => formattersFor(language), [language]);
}
