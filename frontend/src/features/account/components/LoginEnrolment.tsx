import { useRef } from "react";
import type { Schemas } from "../../../api/client";
import { signInWith, useTotpEnrolment } from "../api";
import { TotpEnrolment } from "./TotpEnrolment";

/**
 * The enrolment a company's required two-factor sign-in asks for at login, with the login's
 * `mfa_token` as the bearer. The confirmation finishes the login; it is kept only once the user has
 * seen their recovery codes, since being signed in leaves the login page.
 */
export function LoginEnrolment({ mfaToken, onSignedIn }: { mfaToken: string; onSignedIn: () => void }) {
  const { begin, confirm } = useTotpEnrolment(mfaToken);
  const confirmed = useRef<Schemas["TotpConfirmedView"] | null>(null);
  return (
    <TotpEnrolment
      begin={begin}
      confirm={async (code) => (confirmed.current = await confirm(code))}
      onDone={() => {
        if (confirmed.current) signInWith(confirmed.current);
        onSignedIn();
      }}
    />
  );
}
