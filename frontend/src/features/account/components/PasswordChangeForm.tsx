import { useState, type FormEvent } from "react";
import { NewPasswordFields } from "../../../components/NewPasswordFields";
import { PasswordField } from "../../../components/PasswordField";
import { ErrorMessage } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useChangePassword } from "../api";
import { messages } from "../messages";

/** The current password, then the new one twice; the server says why a new one is refused. */
export function PasswordChangeForm({ email }: { email: string }) {
  const t = useMessages(messages);
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  const [mismatch, setMismatch] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setMismatch(password !== repeated);
    if (password !== repeated) return;
    change.mutate(
      { email, current_password: current, new_password: password },
      {
        onSuccess: () => {
          setCurrent("");
          setPassword("");
          setRepeated("");
        },
      },
    );
  }

  return (
    <form className="card card__body stack account-form" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">{t("changePassword")}</h2>
      {change.error && !mismatch && <ErrorMessage error={change.error} />}
      {change.isSuccess && (
        <p className="alert alert--success" role="status">
          {t("passwordChanged")}
        </p>
      )}
      <PasswordField label={t("currentPassword")} name="current-password" autoComplete="current-password" value={current} onChange={setCurrent} />
      <NewPasswordFields password={password} repeated={repeated} onPassword={setPassword} onRepeated={setRepeated} mismatch={mismatch} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={change.isPending}>
          {change.isPending ? t("changing") : t("changePassword")}
        </button>
      </div>
    </form>
  );
}
