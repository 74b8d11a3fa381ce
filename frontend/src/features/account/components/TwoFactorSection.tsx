import { useState, type FormEvent } from "react";
import { PasswordField } from "../../../components/PasswordField";
import { ErrorMessage } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useDisableTotp, useRefreshMe, useTotpEnrolment } from "../api";
import { messages } from "../messages";
import { TotpEnrolment } from "./TotpEnrolment";

/** Two-factor sign-in on the user's own account: turning it on, or off with the current password. */
export function TwoFactorSection({ enabled }: { enabled: boolean }) {
  const t = useMessages(messages);
  const { begin, confirm } = useTotpEnrolment();
  const refreshMe = useRefreshMe();
  const [turnedOff, setTurnedOff] = useState(false);
  return (
    <section className="card card__body stack account-form" aria-labelledby="mfa-title">
      <h2 id="mfa-title">{t("mfaTitle")}</h2>
      {enabled ? (
        <TurnOffForm onTurnedOff={() => setTurnedOff(true)} />
      ) : (
        <>
          {turnedOff && (
            <p className="alert alert--success" role="status">
              {t("mfaTurnedOff")}
            </p>
          )}
          <TotpEnrolment begin={begin} confirm={confirm} onDone={refreshMe} />
        </>
      )}
    </section>
  );
}

function TurnOffForm({ onTurnedOff }: { onTurnedOff: () => void }) {
  const t = useMessages(messages);
  const disable = useDisableTotp();
  const [password, setPassword] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    disable.mutate(password, { onSuccess: onTurnedOff });
  }

  return (
    <form className="stack" onSubmit={submit} aria-label={t("mfaOff")}>
      <p>{t("mfaIsOn")}</p>
      <p className="muted">{t("mfaOffIntro")}</p>
      {disable.error && <ErrorMessage error={disable.error} />}
      <PasswordField label={t("currentPassword")} name="mfa-current-password" autoComplete="current-password" value={password} onChange={setPassword} />
      <div className="form-actions">
        <button type="submit" className="button button--danger" disabled={disable.isPending}>
          {disable.isPending ? t("mfaTurningOff") : t("mfaOff")}
        </button>
      </div>
    </form>
  );
}
