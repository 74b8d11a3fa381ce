import { useState, type FormEvent } from "react";
import { OneTimeSecret } from "../../../components/CopyButton";
import { ErrorMessage } from "../../../components/Status";
import { useMessages } from "../../../lib/i18n";
import { useAction } from "../../../lib/useAction";
import { messages } from "../messages";

/** What the server answers when enrolment starts: the secret, as text, as a link, and as a QR code. */
export interface TotpSetup {
  secret: string;
  otpauth_url: string;
  qr_svg: string;
}

interface Props {
  begin: (input: void) => Promise<TotpSetup>;
  confirm: (code: string) => Promise<{ recovery_codes: string[] }>;
  /** The user saw their recovery codes and moves on. */
  onDone: () => void;
}

type Stage = { step: "start" } | { step: "scan"; setup: TotpSetup } | { step: "codes"; codes: string[] };

/**
 * Turning on two-factor sign-in: scan the QR code (or type the secret shown next to it) into an
 * authenticator app, prove it with a code, then keep the recovery codes, shown this once.
 */
export function TotpEnrolment({ begin, confirm, onDone }: Props) {
  const t = useMessages(messages);
  const [stage, setStage] = useState<Stage>({ step: "start" });
  const [code, setCode] = useState("");
  const starting = useAction(begin);
  const confirming = useAction(confirm);
  const error = starting.error ?? confirming.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    void confirming.start(code.replace(/\s+/g, ""), ({ recovery_codes }) => setStage({ step: "codes", codes: recovery_codes }));
  }

  if (stage.step === "start") {
    return (
      <div className="stack">
        {error !== null && <ErrorMessage error={error} />}
        <p className="muted">{t("mfaIntro")}</p>
        <div>
          <button
            type="button"
            className="button button--primary"
            disabled={starting.pending}
            onClick={() => void starting.start(undefined, (setup) => setStage({ step: "scan", setup }))}
          >
            {t("mfaStart")}
          </button>
        </div>
      </div>
    );
  }

  if (stage.step === "codes") {
    return (
      <div className="stack" data-testid="recovery-codes">
        <p className="alert alert--success" role="status">
          {t("mfaOn")}
        </p>
        <p>{t("recoveryCodesIntro")}</p>
        <OneTimeSecret value={stage.codes.join("\n")} testId="recovery-codes-list" />
        <div>
          <button type="button" className="button button--primary" onClick={onDone}>
            {t("recoveryCodesSaved")}
          </button>
        </div>
      </div>
    );
  }

  const { setup } = stage;
  return (
    <form className="stack" onSubmit={submit} aria-label={t("mfaConfirm")}>
      <p>{t("mfaScan")}</p>
      <div className="totp-enrolment">
        {/* Server-made SVG, shown as an image: an <img> runs no script and loads nothing else. */}
        <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qr_svg)}`} alt={t("qrAlt")} width={200} height={200} />
        <div className="stack">
          <span className="field__label">{t("mfaSecret")}</span>
          <code data-testid="totp-secret">{setup.secret}</code>
          <a className="small" href={setup.otpauth_url}>
            {t("mfaOpenApp")}
          </a>
        </div>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      <label className="field account-form">
        <span className="field__label">{t("mfaCode")}</span>
        <input
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          maxLength={16}
          value={code}
          onChange={(event) => setCode(event.target.value)}
        />
      </label>
      <div>
        <button type="submit" className="button button--primary" disabled={confirming.pending}>
          {t("mfaConfirm")}
        </button>
      </div>
    </form>
  );
}
