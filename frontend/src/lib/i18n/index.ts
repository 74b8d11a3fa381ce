export { LanguageProvider, useLanguage, LANGUAGES, type Language } from "./language";
export { defineMessages, useMessages, interpolate, type Catalog, type Translate } from "./messages";
export { useFormat, formattersFor, EMPTY, type Formatters } from "./format";
