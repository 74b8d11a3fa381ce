import { useState, type FormEvent } from "react";
import { useMessages } from "../../../lib/i18n";
import { PasswordField } from "../../../components/PasswordField";
import { ErrorMessage } from "../../../components/Status";
import { useLogin } from "../api";
import { messages } from "../messages";

interface LoginFormProps {
  onSignedIn: () => void;
  /** The server ended the previous sign-in. */
  expired?: boolean;
  /** The user just set their password on an invitation, for this address. */
  acceptedEmail?: string;
}

export function LoginForm({ onSignedIn, expired, acceptedEmail }: LoginFormProps) {
  const t = useMessages(messages);
  const login = useLogin();
  const [email, setEmail] = useState(acceptedEmail ?? "");
  const [password, setPassword] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: onSignedIn });
  }

  return (
    <form className="login-form" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t("title")}</h1>
      <p className="muted">{t("subtitle")}</p>
      {acceptedEmail && !login.error && (
        <p className="alert alert--success" role="status">
          {t("invitationAccepted")}
        </p>
      )}
      {expired && !acceptedEmail && !login.error && <p className="alert alert--info">{t("expired")}</p>}
      {login.error && <ErrorMessage error={login.error} />}
      <label className="field">
        <span className="field__label">{t("email")}</span>
        <input
          type="email"
          name="email"
          autoComplete="username"
          required
          autoFocus={!acceptedEmail}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </label>
      <PasswordField label={t("password")} name="password" autoComplete="current-password" value={password} onChange={setPassword} />
      <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
        {login.isPending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
