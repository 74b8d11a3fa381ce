import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { InvitationForm } from "../../features/auth";
import { useMessages } from "../../lib/i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { PublicShell } from "../Layout";
import { messages } from "../messages";
import type { AcceptedInvitation } from "./LoginPage";

/**
 * The page an invitation link opens: `/invitation#token=…`. The token is in the fragment, which
 * browsers never send to a server; it is read once, then dropped from the address bar (and so from
 * the history) and sent only in the body of the request that sets the password.
 */
export function InvitationPage() {
  const t = useMessages(messages);
  const navigate = useNavigate();
  const [token] = useState(tokenInFragment);
  useEffect(dropFragment, []);
  useDocumentTitle(t("invitation"));
  return (
    <PublicShell>
      <InvitationForm
        token={token}
        onAccepted={(email) => navigate("/login", { replace: true, state: { acceptedEmail: email } satisfies AcceptedInvitation })}
      />
    </PublicShell>
  );
}

function tokenInFragment(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get("token") || null;
}

function dropFragment(): void {
  if (window.location.hash) window.history.replaceState(window.history.state, "", window.location.pathname);
}
