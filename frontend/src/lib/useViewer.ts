import { useSyncExternalStore } from "react";
import { getToken, subscribe, viewerOf, type Viewer } from "./auth";

/** The signed-in user as the current token describes them, or null when signed out. */
export function useViewer(): Viewer | null {
  const token = useSyncExternalStore(subscribe, getToken, getToken);
  return viewerOf(token);
}
