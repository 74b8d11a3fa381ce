import { useState, type FormEvent } from "react";
import { Dialog } from "../../../components/Dialog";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useDecide, useRejectionTaxonomy, type Decision, type DecisionResult, type RejectionReason } from "../api";
import { messages } from "../messages";
import { useReasonLabel } from "../useReasonLabel";

interface Props {
  sessionId: string;
  decision: Decision;
  onClose: () => void;
  onDecided: (result: DecisionResult) => void;
}

/** Verify, or reject with reasons from the taxonomy; either with a note for the record. */
export function DecisionDialog({ sessionId, decision, onClose, onDecided }: Props) {
  const t = useMessages(messages);
  const decide = useDecide(sessionId);
  const [note, setNote] = useState("");
  const [reasons, setReasons] = useState<RejectionReason[]>([]);
  const rejecting = decision === "reject";
  const ready = !decide.isPending && (!rejecting || reasons.length > 0);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    decide.mutate({ decision, note: note.trim(), reasons: rejecting ? reasons : [] }, { onSuccess: (result) => onDecided(result) });
  }

  return (
    <Dialog open title={rejecting ? t("rejectTitle") : t("verifyTitle")} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        {decide.error && <ErrorMessage error={decide.error} />}
        {rejecting && <ReasonPicker selected={reasons} onChange={setReasons} />}
        <label className="field">
          <span className="field__label">{t("note")}</span>
          <textarea
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder={rejecting ? t("notePlaceholderReject") : t("notePlaceholderVerify")}
          />
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("cancel")}
          </button>
          <button type="submit" className={rejecting ? "button button--danger-solid" : "button button--success"} disabled={!ready}>
            {decide.isPending ? t("saving") : rejecting ? t("rejectSubmit") : t("verifySubmit")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function ReasonPicker({ selected, onChange }: { selected: RejectionReason[]; onChange: (reasons: RejectionReason[]) => void }) {
  const t = useMessages(messages);
  const taxonomy = useRejectionTaxonomy();
  const label = useReasonLabel();
  const toggle = (id: RejectionReason, checked: boolean) =>
    onChange(checked ? [...selected, id] : selected.filter((reason) => reason !== id));

  if (taxonomy.isPending) return <Loading />;
  if (taxonomy.error) return <ErrorMessage error={taxonomy.error} />;
  return (
    <fieldset className="reasons">
      <legend className="field__label">
        {t("reasons")} <span className="reasons__hint">{t("reasonsHint")}</span>
      </legend>
      <div className="reasons__groups">
        {taxonomy.data.groups.map((group) => (
          <fieldset key={group.id} className="reasons__group">
            <legend>{label(group.id)}</legend>
            {group.reasons.map((reason) => (
              <label key={reason.id} className="checkbox">
                <input
                  type="checkbox"
                  name="reasons"
                  value={reason.id}
                  checked={selected.includes(reason.id)}
                  onChange={(event) => toggle(reason.id, event.target.checked)}
                />
                {label(reason.id)}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}
