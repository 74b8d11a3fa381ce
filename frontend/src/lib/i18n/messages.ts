import { useCallback } from "react";
import { useLanguage, type Language } from "./language";

/** A feature's UI strings: English is the source, Georgian must have every key. */
export type Catalog<Key extends string> = Record<Language, Record<Key, string>>;

export function defineMessages<Key extends string>(catalog: {
  en: Record<Key, string>;
  ka: Record<Key, string>;
}): Catalog<Key> {
  return catalog;
}

export type Translate<Key extends string> = (key: Key, values?: Record<string, string | number>) => string;

/** `t("greeting", { name })` fills `{name}` placeholders in the current language. */
export function useMessages<Key extends string>(catalog: Catalog<Key>): Translate<Key> {
  const { language } = useLanguage();
  return useCallback(
    (key, values) => interpolate(catalog[language][key] ?? catalog.en[key] ?? key, values),
    [catalog, language],
  );
}

export function interpolate(text: string, values?: Record<string, string | number>): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
