import { useMessages } from "../lib/i18n";
import { messages } from "./messages";
import { PasswordField } from "./PasswordField";

interface Props {
  password: string;
  repeated: string;
  onPassword: (value: string) => void;
  onRepeated: (value: string) => void;
  /** The form was sent with two different entries. */
  mismatch?: boolean;
}

/** A new password typed twice, with the server's rule as the hint; the server judges its strength. */
export function NewPasswordFields({ password, repeated, onPassword, onRepeated, mismatch }: Props) {
  const t = useMessages(messages);
  return (
    <>
      <PasswordField
        label={t("newPassword")}
        name="new-password"
        autoComplete="new-password"
        hint={t("passwordRule")}
        value={password}
        onChange={onPassword}
      />
      <PasswordField label={t("repeatPassword")} name="repeat-password" autoComplete="new-password" value={repeated} onChange={onRepeated} />
      {mismatch && (
        <p className="alert alert--error" role="alert">
          {t("passwordsDiffer")}
        </p>
      )}
    </>
  );
}
