import { useState, type FormEvent } from "react";
import { useMessages } from "../../../lib/i18n";
import { ErrorMessage } from "../../../components/Status";
import { useLogin } from "../api";
import { messages } from "../messages";

export function LoginForm({ onSignedIn, expired }: { onSignedIn: () => void; expired?: boolean }) {
  const t = useMessages(messages);
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: onSignedIn });
  }

  return (
    <form className="login-form" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t("title")}</h1>
      <p className="muted">{t("subtitle")}</p>
      {expired && !login.error && <p className="alert alert--info">{t("expired")}</p>}
      {login.error && <ErrorMessage error={login.error} />}
      <label className="field">
        <span className="field__label">{t("email")}</span>
        <input
          type="email"
          name="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">{t("password")}</span>
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
        {login.isPending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
