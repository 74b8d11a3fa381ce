// The signed-in user's access token, kept in memory and mirrored to sessionStorage so that a
// reload keeps the user signed in while closing the tab does not.

import { roleValues, type components } from "../api/schema";

const STORAGE_KEY = "kyc.access_token";

export type Role = components["schemas"]["Role"];

export interface Viewer {
  userId: string;
  companyId: string;
  role: Role;
  expiresAt: number;
}

type Listener = () => void;

let token: string | null = readStored();
let endedByServer = false;
const listeners = new Set<Listener>();

function readStored(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  if (token && isExpired(token)) endSession();
  return token;
}

/** The server refused the token (or it ran out): sign out and say so on the sign-in page. */
export function endSession(): void {
  setToken(null, true);
}

/** Whether the last sign-out was the server's doing rather than the user's. */
export function sessionWasEnded(): boolean {
  return endedByServer;
}

export function setToken(next: string | null, ended = false): void {
  token = next;
  endedByServer = ended;
  try {
    if (next) sessionStorage.setItem(STORAGE_KEY, next);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private mode); memory still holds the token.
  }
  listeners.forEach((listener) => listener());
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

function isExpired(accessToken: string): boolean {
  const viewer = viewerOf(accessToken);
  return !viewer || viewer.expiresAt <= Date.now();
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
