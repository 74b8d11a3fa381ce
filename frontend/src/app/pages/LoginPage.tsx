import { Navigate, useLocation, useNavigate, useSearchParams } from "react-router";
import { Loading } from "../../components/Status";
import { LoginEnrolment } from "../../features/account";
import { LoginForm } from "../../features/auth";
import { sessionWasEnded } from "../../lib/auth";
import { useSessionState, useViewer } from "../../lib/useViewer";
import { PublicShell } from "../Layout";

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/sessions";
}

/** What the invitation page hands over when it sends the user here: the address whose password was just set. */
export interface AcceptedInvitation {
  acceptedEmail?: string;
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { state } = useLocation() as { state: AcceptedInvitation | null };
  const viewer = useViewer();
  const { status } = useSessionState();
  const next = safeNext(params.get("next"));
  const signedIn = () => navigate(next, { replace: true });
  if (viewer) return <Navigate to={next} replace />;
  return (
    <PublicShell>
      {status === "restoring" ? (
        <Loading />
      ) : (
        <LoginForm
          expired={sessionWasEnded()}
          acceptedEmail={state?.acceptedEmail}
          onSignedIn={signedIn}
          enrolment={(mfaToken) => <LoginEnrolment mfaToken={mfaToken} onSignedIn={signedIn} />}
        />
      )}
    </PublicShell>
  );
}
