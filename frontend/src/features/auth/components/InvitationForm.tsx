import { useState, type FormEvent } from "react";
import { NewPasswordFields } from "../../../components/NewPasswordFields";
import { ErrorMessage } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useAcceptInvitation } from "../api";
import { messages } from "../messages";

/**
 * Choosing a password on an invitation. The strength rules are the server's (length and zxcvbn):
 * its refusal, with the reason, is shown as it comes, so the form checks only that both entries match.
 */
export function InvitationForm({ token, onAccepted }: { token: string | null; onAccepted: (email: string) => void }) {
  const t = useMessages(messages);
  const accept = useAcceptInvitation();
  const [password, setPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  const [mismatch, setMismatch] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!token) return;
    setMismatch(password !== repeated);
    if (password !== repeated) return;
    accept.mutate({ token, password }, { onSuccess: (accepted) => onAccepted(accepted.email) });
  }

  return (
    <form className="login-form" onSubmit={submit} aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t("invitationTitle")}</h1>
      <p className="muted">{t("invitationIntro")}</p>
      {!token && (
        <p className="alert alert--error" role="alert">
          {t("invitationIncomplete")}
        </p>
      )}
      {accept.error && !mismatch && <ErrorMessage error={accept.error} />}
      <NewPasswordFields password={password} repeated={repeated} onPassword={setPassword} onRepeated={setRepeated} mismatch={mismatch} />
      <button type="submit" className="button button--primary button--block" disabled={!token || accept.isPending}>
        {accept.isPending ? t("settingPassword") : t("setPassword")}
      </button>
    </form>
  );
}
