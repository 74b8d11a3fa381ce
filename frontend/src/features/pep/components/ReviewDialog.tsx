import { useState, type FormEvent } from "react";
import { Dialog } from "../../../components/Dialog";
import { ErrorMessage } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useReviewMatch, type PepMatch, type Review } from "../api";
import { messages } from "../messages";

export function ReviewDialog({ sessionId, match, review, onClose }: { sessionId: string; match: PepMatch; review: Review; onClose: () => void }) {
  const t = useMessages(messages);
  const save = useReviewMatch(sessionId);
  const [note, setNote] = useState("");
  const title = review === "confirmed" ? t("reviewTitleConfirmed", { name: match.name }) : t("reviewTitleFalsePositive", { name: match.name });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ entityId: match.entity_id, review, note: note.trim() }, { onSuccess: onClose });
  }

  return (
    <Dialog open title={title} onClose={onClose}>
      <form className="stack" onSubmit={submit}>
        {save.error && <ErrorMessage error={save.error} />}
        <div className="field">
          <label className="field__label" htmlFor="review-note">
            {t("note")}
          </label>
          <textarea
            id="review-note"
            required
            value={note}
            placeholder={t("notePlaceholder")}
            onChange={(event) => setNote(event.target.value)}
            aria-describedby="review-note-hint"
            autoFocus
          />
          <span id="review-note-hint" className="muted small">
            {t("noteRequired")}
          </span>
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("cancel")}
          </button>
          <button type="submit" className={review === "confirmed" ? "button button--danger-solid" : "button button--primary"} disabled={save.isPending || !note.trim()}>
            {save.isPending ? t("saving") : t("save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
