import { Navigate, useNavigate, useSearchParams } from "react-router";
import { LoginForm } from "../../features/auth";
import { sessionWasEnded } from "../../lib/auth";
import { useViewer } from "../../lib/useViewer";
import { LanguageSwitch } from "../Layout";

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/sessions";
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const viewer = useViewer();
  const next = safeNext(params.get("next"));
  if (viewer) return <Navigate to={next} replace />;
  return (
    <main className="login-page">
      <div className="login-page__language">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <LoginForm expired={sessionWasEnded()} onSignedIn={() => navigate(next, { replace: true })} />
      </div>
    </main>
  );
}
