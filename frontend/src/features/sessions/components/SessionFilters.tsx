import { useEffect, useLayoutEffect, useRef, useState, type ChangeEvent } from "react";
import { useMessages } from "../../../lib/i18n";
import { messages } from "../messages";
import { DOCUMENT_TYPES, NO_FILTERS, SPOOF_REASONS, STATUSES, hasFilters, type Filters } from "../filters";

const SEARCH_DELAY_MS = 250;

interface Props {
  filters: Filters;
  onChange: (filters: Filters) => void;
}

/** The search box and the filter bar. Typing searches after a short pause; selects apply at once. */
export function SessionFilters({ filters, onChange }: Props) {
  const t = useMessages(messages);
  const search = useDebouncedSearch(filters, onChange);
  const searchRef = useSlashToFocus();

  const set = (name: keyof Filters) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    onChange({ ...filters, [name]: event.target.value });

  return (
    <form className="filters" role="search" aria-label={t("filters")} onSubmit={(event) => event.preventDefault()}>
      <label className="field filters__search">
        <span className="field__label">{t("search")}</span>
        <input
          ref={searchRef}
          type="search"
          name="q"
          placeholder={t("searchPlaceholder")}
          value={search.value}
          onChange={(event) => search.set(event.target.value)}
          onKeyDown={(event) => event.key === "Enter" && search.flush()}
          aria-keyshortcuts="/"
        />
      </label>
      <label className="field">
        <span className="field__label">{t("status")}</span>
        <select name="status" value={filters.status} onChange={set("status")}>
          <option value="">{t("anyStatus")}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t("verified")}</span>
        <select name="verified" value={filters.verified} onChange={set("verified")}>
          <option value="">{t("any")}</option>
          <option value="true">{t("yes")}</option>
          <option value="false">{t("no")}</option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t("documentType")}</span>
        <select name="document_type" value={filters.document_type} onChange={set("document_type")}>
          <option value="">{t("anyDocument")}</option>
          {DOCUMENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`document.${type}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t("spoof")}</span>
        <select name="spoof" value={filters.spoof} onChange={set("spoof")}>
          <option value="">{t("anySpoof")}</option>
          {SPOOF_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {t(`spoof.${reason}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="filters__dates">
        <legend className="field__label">{t("dateRange")}</legend>
        <label>
          <span className="visually-hidden">{t("from")}</span>
          <input type="date" name="from" value={filters.from} max={filters.to || undefined} onChange={set("from")} />
        </label>
        <span aria-hidden="true">–</span>
        <label>
          <span className="visually-hidden">{t("to")}</span>
          <input type="date" name="to" value={filters.to} min={filters.from || undefined} onChange={set("to")} />
        </label>
      </fieldset>
      {hasFilters(filters) && (
        <button
          type="button"
          className="button button--ghost filters__clear"
          onClick={() => {
            search.reset();
            onChange(NO_FILTERS);
          }}
        >
          {t("clear")}
        </button>
      )}
    </form>
  );
}

/** The search text as typed, applied to the filters after a pause (or at once on Enter). */
function useDebouncedSearch(filters: Filters, onChange: (filters: Filters) => void) {
  const [value, setValue] = useState(filters.q);
  const latest = useRef({ filters, onChange });
  useLayoutEffect(() => {
    latest.current = { filters, onChange };
  });

  // Follow the URL when it changes from outside (back button, "Clear filters").
  useEffect(() => setValue(filters.q), [filters.q]);

  useEffect(() => {
    if (value === latest.current.filters.q) return;
    // Checked again when the timer fires: Enter may have applied the text already, and a
    // second, needless URL change could land after the user opened a session and take them
    // back to the list.
    const timer = setTimeout(() => {
      const { filters: current, onChange: apply } = latest.current;
      if (value !== current.q) apply({ ...current, q: value });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value]);

  return {
    value,
    set: setValue,
    reset: () => setValue(""),
    flush: () => value !== filters.q && onChange({ ...filters, q: value }),
  };
}

/** "/" anywhere outside a text field jumps to the search box. */
function useSlashToFocus() {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true]")) return;
      event.preventDefault();
      ref.current?.focus();
      ref.current?.select();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
  return ref;
}
