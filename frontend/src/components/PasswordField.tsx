import { useId } from "react";

interface Props {
  label: string;
  /** `current-password` to sign in or confirm, `new-password` to choose one (password managers go by it). */
  autoComplete: "current-password" | "new-password";
  value: string;
  onChange: (value: string) => void;
  name?: string;
  hint?: string;
}

/** A labelled password input, with an optional hint read out with it. */
export function PasswordField({ label, autoComplete, value, onChange, name, hint }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="password"
        name={name}
        autoComplete={autoComplete}
        required
        maxLength={256}
        aria-describedby={hint ? `${id}-hint` : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint && (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      )}
    </div>
  );
}
