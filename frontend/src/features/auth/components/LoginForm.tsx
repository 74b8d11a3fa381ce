import { useState, type FormEvent, type ReactNode } from "react";
import { useMessages } from "../../../lib/i18n";
import { PasswordField } from "../../../components/PasswordField";
import { ErrorMessage } from "../../../components/Status";
import { useLogin, useLoginMfa } from "../api";
import { messages } from "../messages";

interface LoginFormProps {
  onSignedIn: () => void;
  /**
   * The company requires two-factor sign-in and the user has none yet: what to show to enrol, with
   * the login's `mfa_token` as the bearer of the enrolment calls.
   */
  enrolment: (mfaToken: string) => ReactNode;
  /** The server ended the previous sign-in. */
  expired?: boolean;
  /** The user just set their password on an invitation, for this address. */
  acceptedEmail?: string;
}

type Step = { step: "password" } | { step: "code"; mfaToken: string } | { step: "enrol"; mfaToken: string };

export function LoginForm({ onSignedIn, enrolment, expired, acceptedEmail }: LoginFormProps) {
  const t = useMessages(messages);
  const login = useLogin();
  const [step, setStep] = useState<Step>({ step: "password" });
  const [email, setEmail] = useState(acceptedEmail ?? "");
  const [password, setPassword] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (answer) => {
          if ("access_token" in answer) onSignedIn();
          else if ("mfa_required" in answer) setStep({ step: "code", mfaToken: answer.mfa_token });
          else setStep({ step: "enrol", mfaToken: answer.mfa_token });
        },
      },
    );
  }

  if (step.step === "code") return <CodeForm mfaToken={step.mfaToken} onSignedIn={onSignedIn} onBack={() => setStep({ step: "password" })} />;
  if (step.step === "enrol") {
    return (
      <div className="login-form stack">
        <h1 id="login-title">{t("enrolTitle")}</h1>
        <p className="muted">{t("enrolIntro")}</p>
        {enrolment(step.mfaToken)}
      </div>
    );
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

/** The second step of a sign-in: a code from the authenticator app, or a recovery code. */
function CodeForm({ mfaToken, onSignedIn, onBack }: { mfaToken: string; onSignedIn: () => void; onBack: () => void }) {
  const t = useMessages(messages);
  const verify = useLoginMfa();
  const [code, setCode] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    verify.mutate({ mfa_token: mfaToken, code: code.trim() }, { onSuccess: onSignedIn });
  }

  return (
    <form className="login-form" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t("mfaTitle")}</h1>
      <p className="muted">{t("mfaIntro")}</p>
      {verify.error && <ErrorMessage error={verify.error} />}
      <label className="field">
        <span className="field__label">{t("mfaCode")}</span>
        <input
          type="text"
          name="code"
          autoComplete="one-time-code"
          required
          autoFocus
          maxLength={32}
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
      </label>
      <button type="submit" className="button button--primary button--block" disabled={verify.isPending}>
        {verify.isPending ? t("mfaSubmitting") : t("mfaSubmit")}
      </button>
      <button type="button" className="button button--block" onClick={onBack}>
        {t("back")}
      </button>
    </form>
  );
}
