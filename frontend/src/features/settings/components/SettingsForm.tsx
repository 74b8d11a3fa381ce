import { useState, type FormEvent } from "react";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useLanguage, useMessages } from "../../../lib/i18n";
import { useSaveSettings, useSettings, type Settings } from "../api";
import { messages } from "../messages";

const FAR = ["1/100", "1/250", "1/500", "1/1000", "1/10000", "1/100000", "1/500000"];

/** The settings page's form: loads the stored settings, edits a copy, saves it whole. */
export function SettingsForm() {
  const settings = useSettings();
  if (settings.isPending) return <Loading />;
  if (settings.error) return <ErrorMessage error={settings.error} onRetry={() => settings.refetch()} />;
  return <Editor stored={settings.data} />;
}

function Editor({ stored }: { stored: Settings }) {
  const t = useMessages(messages);
  const save = useSaveSettings();
  const [draft, setDraft] = useState(stored);
  const [nationalities, setNationalities] = useState(stored.high_risk_nationalities.join(", "));
  const [ipCountries, setIpCountries] = useState(stored.high_risk_ip_countries.join(", "));
  const set = (change: Partial<Settings>) => setDraft((current) => ({ ...current, ...change }));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      { ...draft, high_risk_nationalities: codes(nationalities), high_risk_ip_countries: codes(ipCountries) },
      {
        onSuccess: (saved) => {
          setDraft(saved);
          setNationalities(saved.high_risk_nationalities.join(", "));
          setIpCountries(saved.high_risk_ip_countries.join(", "));
        },
      },
    );
  }

  return (
    <form className="stack settings-form" onSubmit={submit} data-testid="settings-form">
      {save.error && <ErrorMessage error={save.error} />}
      <label className="field">
        <span className="field__label">{t("minFaceMatch")}</span>
        <select value={draft.min_face_match_level} onChange={(event) => set({ min_face_match_level: Number(event.target.value) })}>
          {FAR.map((far, index) => (
            <option key={far} value={index + 1}>
              {t("level", { level: index + 1, far })}
            </option>
          ))}
        </select>
      </label>
      <Toggle label={t("requireValidDocument")} checked={draft.require_valid_document} onChange={(value) => set({ require_valid_document: value })} />
      <Toggle label={t("fullMrz")} checked={draft.full_mrz_validation} onChange={(value) => set({ full_mrz_validation: value })} />
      <Toggle label={t("queue")} checked={draft.awaiting_action_queue} onChange={(value) => set({ awaiting_action_queue: value })} />
      <Toggle label={t("fourEyes")} checked={draft.four_eyes_review} onChange={(value) => set({ four_eyes_review: value })} />
      <CodesField label={t("nationalities")} value={nationalities} onChange={setNationalities} />
      <CodesField label={t("ipCountries")} value={ipCountries} onChange={setIpCountries} regionNames />
      <fieldset className="field">
        <legend className="field__label">{t("extraFields")}</legend>
        {draft.extra_fields.length === 0 ? (
          <p className="muted">{t("noExtraFields")}</p>
        ) : (
          <ul>
            {draft.extra_fields.map((field) => (
              <li key={field.name}>
                {field.label} <span className="muted">({field.name}, {field.field_type}{field.required ? `, ${t("required")}` : ""})</span>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="form-actions">
        {save.isSuccess && !save.isPending && <span role="status">{t("saved")}</span>}
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t("saving") : t("save")}
        </button>
      </div>
    </form>
  );
}

function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}

/** A comma-separated list of country codes; two-letter ones show their country's name. */
function CodesField({ label, value, onChange, regionNames }: { label: string; value: string; onChange: (value: string) => void; regionNames?: boolean }) {
  const { language } = useLanguage();
  const names = regionNames ? codes(value).map((code) => regionName(code, language)).filter(Boolean) : [];
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input type="text" value={value} onChange={(event) => onChange(event.target.value)} autoComplete="off" />
      {names.length > 0 && <span className="muted small">{names.join(", ")}</span>}
    </label>
  );
}

function codes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);
}

function regionName(code: string, language: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  try {
    return new Intl.DisplayNames([language], { type: "region" }).of(code);
  } catch {
    return undefined;
  }
}
