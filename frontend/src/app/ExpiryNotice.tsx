import { useEffect, useState } from "react";
import { useMessages } from "../lib/i18n";
import { useSessionState, useViewer } from "../lib/useViewer";
import { messages } from "./messages";

const WARN_BEFORE_MS = 2 * 60_000;

/**
 * Access tokens live minutes and are renewed silently; only when renewing keeps failing (the server
 * cannot be reached) does the sign-in end with the token, so warn before that happens.
 */
export function ExpiryNotice() {
  const t = useMessages(messages);
  const viewer = useViewer();
  const { refreshFailing } = useSessionState();
  const now = useNow(15_000);
  if (!viewer || !refreshFailing) return null;
  const left = viewer.expiresAt - now;
  if (left > WARN_BEFORE_MS) return null;
  return (
    <p className="alert alert--info expiry-notice" role="status">
      {t("expiresSoon", { minutes: Math.max(1, Math.ceil(left / 60_000)) })}
    </p>
  );
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
