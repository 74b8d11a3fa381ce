import { useState, type FormEvent } from "react";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useRetentionPolicy, useSaveRetentionPolicy, type RetentionPolicy } from "../api";
import { messages } from "../messages";

const FIELDS = [
  ["verified_days", "verifiedDays", 1826, 3653],
  ["rejected_days", "rejectedDays", 1, 3653],
  ["not_finished_days", "notFinishedDays", 1, 365],
  ["awaiting_action_overdue_days", "overdueDays", 1, 365],
] as const;

/** The company's retention periods; the server checks them against the law and says why. */
export function RetentionPolicyForm() {
  const policy = useRetentionPolicy();
  if (policy.isPending) return <Loading />;
  if (policy.error) return <ErrorMessage error={policy.error} onRetry={() => policy.refetch()} />;
  return <PolicyFields initial={policy.data} />;
}

function PolicyFields({ initial }: { initial: RetentionPolicy }) {
  const t = useMessages(messages);
  const save = useSaveRetentionPolicy();
  const [draft, setDraft] = useState<RetentionPolicy>(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  return (
    <form className="card form" onSubmit={submit} aria-label={t("title")}>
      {FIELDS.map(([field, label, min, max]) => (
        <label key={field} className="form__field">
          <span>{t(label)}</span>
          <input
            type="number"
            name={field}
            min={min}
            max={max}
            required
            value={draft[field]}
            onChange={(event) => setDraft({ ...draft, [field]: Number(event.target.value) })}
          />
        </label>
      ))}
      {save.error && <ErrorMessage error={save.error} />}
      {save.isSuccess && <p role="status">{t("saved")}</p>}
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? t("saving") : t("save")}
      </button>
    </form>
  );
}
