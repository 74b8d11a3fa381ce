// The signed-in user's access token, kept in memory only: nothing a script could read later is
// written to localStorage or sessionStorage. A reload or a new tab signs in again silently with the
// refresh token, which travels only as the server's HttpOnly cookie (see ./session.ts).

import { roleValues, type components } from "../api/schema";

export type Role = components["schemas"]["Role"];

export interface Viewer {
  userId: string;
  companyId: string;
  role: Role;
  expiresAt: number;
}

/**
 * Where the sign-in stands: `restoring` while a new page asks the server whether its cookie still
 * holds a login, then `signed-in` (with a token) or `signed-out` (`ended` when the server ended it
 * rather than the user). `refreshFailing` says the silent refresh did not get through yet.
 */
export interface SessionState {
  status: "restoring" | "signed-in" | "signed-out";
  token: string | null;
  ended: boolean;
  refreshFailing: boolean;
}

type Listener = () => void;

let state: SessionState = { status: "signed-out", token: null, ended: false, refreshFailing: false };
const listeners = new Set<Listener>();

function update(next: Partial<SessionState>): void {
  state = { ...state, ...next };
  listeners.forEach((listener) => listener());
}

export function getSessionState(): SessionState {
  return state;
}

export function getToken(): string | null {
  return state.token;
}

/** The server refused the sign-in (or it ran out): sign out and say so on the sign-in page. */
export function endSession(): void {
  setToken(null, true);
}

/** Whether the last sign-out was the server's doing rather than the user's. */
export function sessionWasEnded(): boolean {
  return state.ended;
}

export function setToken(next: string | null, ended = false): void {
  update({ status: next ? "signed-in" : "signed-out", token: next, ended: next ? false : ended, refreshFailing: false });
}

/** A new page is asking the server whether its refresh cookie still holds a login. */
export function markRestoring(): void {
  update({ status: "restoring" });
}

export function markRefreshFailing(failing: boolean): void {
  if (state.refreshFailing !== failing) update({ refreshFailing: failing });
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Who the token says the user is. The server checks the signature; the UI only adapts to the role. */
export function viewerOf(accessToken: string | null): Viewer | null {
  if (!accessToken) return null;
  const claims = decodeClaims(accessToken);
  const role = roleValues.find((known) => known === claims?.role);
  if (!claims || typeof claims.sub !== "string" || !role) return null;
  return {
    userId: claims.sub,
    companyId: typeof claims.company_id === "string" ? claims.company_id : "",
    role,
    expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : 0,
  };
}

function decodeClaims(accessToken: string): Record<string, unknown> | null {
  const payload = accessToken.split(".")[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export const canDecide = (viewer: Viewer | null) =>
  viewer?.role === "operator" || viewer?.role === "admin" || viewer?.role === "superadmin";
export const canWriteNotes = canDecide;
export const isAdmin = (viewer: Viewer | null) => viewer?.role === "admin" || viewer?.role === "superadmin";
