import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { AwaitingActionPage, RejectionsPage } from "../features/queue";
import { SettingsPage } from "../features/settings";
import { Loading } from "../components/Status";
import { useSessionState, useViewer } from "../lib/useViewer";
import { Layout } from "./Layout";
import { AccountPage } from "./pages/AccountPage";
import { ApiKeysPage } from "./pages/ApiKeysPage";
import { ActivityLogPage } from "./pages/ActivityLogPage";
import { DashboardPage } from "./pages/DashboardPage";
import { InvitationPage } from "./pages/InvitationPage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { RetentionSettingsPage } from "./pages/RetentionSettingsPage";
import { SessionDetailsPage } from "./pages/SessionDetailsPage";
import { SessionsPage } from "./pages/SessionsPage";
import { TeamPage } from "./pages/TeamPage";
import { WebhooksPage } from "./pages/WebhooksPage";

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/invitation" element={<InvitationPage />} />
      <Route
        element={
          <RequireSignIn>
            <Layout />
          </RequireSignIn>
        }
      >
        <Route index element={<Navigate to="/sessions" replace />} />
        <Route path="sessions" element={<SessionsPage />} />
        <Route path="sessions/:id" element={<SessionDetailsPage />} />
        <Route path="queue" element={<AwaitingActionPage />} />
        <Route path="rejections" element={<RejectionsPage />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="activity" element={<ActivityLogPage />} />
        <Route path="settings/retention" element={<RetentionSettingsPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="api-keys" element={<ApiKeysPage />} />
        <Route path="team" element={<TeamPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** Sends signed-out visitors to the sign-in page, remembering where they were going. */
function RequireSignIn({ children }: { children: ReactNode }) {
  const viewer = useViewer();
  const { status } = useSessionState();
  const location = useLocation();
  if (viewer) return children;
  // A new tab signs in again silently with the refresh cookie before anything is decided.
  if (status === "restoring") return <Loading />;
  const next = `${location.pathname}${location.search}`;
  return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
}
