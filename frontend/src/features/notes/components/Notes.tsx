import { useState, type FormEvent } from "react";
import { Badge, type Tone } from "../../../components/Badge";
import { Section } from "../../../components/Section";
import { ErrorMessage, Loading } from "../../../components/Status";
import { useFormat, useMessages } from "../../../lib/i18n";
import { MAX_NOTE_LENGTH, useAddNote, useNotes, type Note } from "../api";
import { messages, type T } from "../messages";

const KIND_TONES: Record<string, Tone> = { note: "neutral", approval: "success", rejection: "danger" };

/** The session's notes, oldest first, and (for operators and admins) a form to add one. */
interface NotesProps {
  sessionId: string;
  canWrite: boolean;
  /** The words for a rejection reason id, from whoever knows the taxonomy. */
  reasonLabel?: (reason: string) => string;
}

export function Notes({ sessionId, canWrite, reasonLabel }: NotesProps) {
  const t = useMessages(messages);
  const notes = useNotes(sessionId);
  return (
    <Section id="notes" title={t("title")}>
      <div data-testid="notes">
        {notes.isPending && <Loading />}
        {notes.error && <ErrorMessage error={notes.error} onRetry={() => notes.refetch()} />}
        {notes.data && <NoteList notes={notes.data.items} reasonLabel={reasonLabel} />}
        {canWrite ? <NoteForm sessionId={sessionId} /> : <p className="muted small">{t("readOnly")}</p>}
      </div>
    </Section>
  );
}

export function NoteList({ notes, reasonLabel = (reason) => reason }: { notes: Note[]; reasonLabel?: (reason: string) => string }) {
  const t = useMessages(messages);
  const format = useFormat();
  if (notes.length === 0) return <p className="muted">{t("empty")}</p>;
  return (
    <ol className="notes">
      {notes.map((note) => (
        <li key={note.id} className={`note note--${note.kind}`}>
          <header className="note__meta">
            <strong>{note.author.name}</strong>
            {note.kind !== "note" && <Badge tone={KIND_TONES[note.kind] ?? "neutral"}>{kindLabel(t, note.kind)}</Badge>}
            <time className="muted small" dateTime={note.created_at}>
              {format.dateTime(note.created_at)}
            </time>
          </header>
          {note.body && <p className="note__body">{note.body}</p>}
          {note.reasons.length > 0 && (
            <p className="small muted">
              {t("reasons")}: {note.reasons.map(reasonLabel).join(", ")}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

function kindLabel(t: T, kind: string) {
  return kind === "note" || kind === "approval" || kind === "rejection" ? t(`kind.${kind}`) : kind;
}

function NoteForm({ sessionId }: { sessionId: string }) {
  const t = useMessages(messages);
  const add = useAddNote(sessionId);
  const [body, setBody] = useState("");
  const over = body.length - MAX_NOTE_LENGTH;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim() || over > 0) return;
    add.mutate(body.trim(), { onSuccess: () => setBody("") });
  }

  return (
    <form className="note-form stack" onSubmit={submit}>
      {add.error && <ErrorMessage error={add.error} />}
      <label className="field">
        <span className="field__label">{t("newNote")}</span>
        <textarea
          name="note"
          value={body}
          placeholder={t("placeholder")}
          onChange={(event) => setBody(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
          }}
          aria-keyshortcuts="Control+Enter"
        />
      </label>
      <div className="form-actions">
        {over > 0 && <span className="text-danger small">{t("tooLong", { count: over })}</span>}
        <button type="submit" className="button button--primary" disabled={add.isPending || !body.trim() || over > 0}>
          {add.isPending ? t("adding") : t("add")}
        </button>
      </div>
    </form>
  );
}
