import { useSyncExternalStore } from "react";
import { getSessionState, getToken, subscribe, viewerOf, type SessionState, type Viewer } from "./auth";

/** The signed-in user as the current token describes them, or null when signed out. */
export function useViewer(): Viewer | null {
  const token = useSyncExternalStore(subscribe, getToken, getToken);
  return viewerOf(token);
}

/** Where the sign-in stands (restoring at start-up, signed in, signed out), re-rendering on change. */
export function useSessionState(): SessionState {
  return useSyncExternalStore(subscribe, getSessionState, getSessionState);
}
