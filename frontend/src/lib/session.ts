// Keeping the user signed in without keeping a token anywhere a script could read it later.
//
// The refresh token lives only in the server's HttpOnly cookie (scoped to /api/v1/auth), so a
// page exchanges it for an access token when it starts (a reload, a tab opened with Ctrl+click),
// shortly before the access token runs out, and after the server answers 401. Each exchange
// rotates the cookie, and the server ends the whole login when a used one comes back, so the
// exchanges of all tabs are serialised with the Web Locks API: a tab waiting for the lock then
// presents the cookie the previous tab received, the jar being shared. Tabs tell each other about
// signing in and out on a BroadcastChannel (which carries no token).

import type { components } from "../api/schema";
import { endSession, getToken, markRefreshFailing, markRestoring, setToken, viewerOf } from "./auth";

type TokenResponse = components["schemas"]["TokenResponse"];

/** How the last exchange went: a new token, a refusal (the login is over), or no answer. */
export type RefreshOutcome = "refreshed" | "refused" | "unreachable";

export const REFRESH_LOCK = "kyc-refresh";
export const SESSION_CHANNEL = "kyc-session";
type SessionMessage = { type: "signed-in" } | { type: "signed-out" };

/** Timers of background tabs may fire a minute late: renew well before the token runs out. */
const RENEW_BEFORE_MS = 2 * 60_000;
const RETRY_AFTER_MS = 15_000;

let timer: ReturnType<typeof setTimeout> | undefined;
let pending: Promise<RefreshOutcome> | null = null;
let channel: BroadcastChannel | null = null;

/** Called once when the page starts: ask the server whether the cookie still holds a login. */
export async function startSession(): Promise<void> {
  if (!channel && typeof BroadcastChannel === "function") {
    channel = new BroadcastChannel(SESSION_CHANNEL);
    channel.addEventListener("message", (event: MessageEvent<SessionMessage>) => onTabMessage(event.data));
  }
  document.addEventListener("visibilitychange", renewIfDue);
  markRestoring();
  if ((await refreshSession()) === "unreachable") setToken(null);
}

/** Exchange the cookie for a new access token; concurrent callers in this tab share one exchange. */
export function refreshSession(): Promise<RefreshOutcome> {
  pending ??= withRefreshLock(exchangeCookie).finally(() => {
    pending = null;
  });
  return pending;
}

/** A sign-in (password, or password and code) answered with a token: keep it and tell the other tabs. */
export function signedIn(response: TokenResponse): void {
  keep(response.access_token);
  channel?.postMessage({ type: "signed-in" } satisfies SessionMessage);
}

/** Sign out here and on the server (which ends the login and clears the cookie), then in every tab. */
export async function signOut(): Promise<void> {
  clearTimeout(timer);
  try {
    await withRefreshLock(() => globalThis.fetch(authRequest("/api/v1/auth/logout")));
  } catch {
    // Unreachable server: the cookie outlives this page, but nothing here holds a token any more.
  }
  setToken(null);
  channel?.postMessage({ type: "signed-out" } satisfies SessionMessage);
}

async function exchangeCookie(): Promise<RefreshOutcome> {
  const outcome = await postRefresh();
  if (outcome === "refused") {
    clearTimeout(timer);
    if (getToken()) endSession();
    else setToken(null);
  }
  return outcome;
}

async function postRefresh(): Promise<RefreshOutcome> {
  try {
    const response = await globalThis.fetch(authRequest("/api/v1/auth/refresh"));
    if (response.status === 401) return "refused";
    if (!response.ok) return "unreachable";
    keep(((await response.json()) as TokenResponse).access_token);
    return "refreshed";
  } catch {
    return "unreachable";
  }
}

function keep(accessToken: string): void {
  setToken(accessToken);
  scheduleRenewal();
}

function scheduleRenewal(): void {
  clearTimeout(timer);
  const viewer = viewerOf(getToken());
  if (!viewer) return;
  const left = viewer.expiresAt - Date.now();
  timer = setTimeout(renewInBackground, Math.max(left - Math.min(RENEW_BEFORE_MS, left / 2), 1_000));
}

async function renewInBackground(): Promise<void> {
  if ((await refreshSession()) !== "unreachable") return;
  const viewer = viewerOf(getToken());
  if (!viewer || viewer.expiresAt <= Date.now()) return endSession();
  // ExpiryNotice warns while this keeps failing.
  markRefreshFailing(true);
  timer = setTimeout(renewInBackground, RETRY_AFTER_MS);
}

/** A tab coming back to the front renews at once if its (throttled) timer is late. */
function renewIfDue(): void {
  const viewer = viewerOf(getToken());
  if (document.visibilityState === "visible" && viewer && viewer.expiresAt - Date.now() < RENEW_BEFORE_MS) {
    void renewInBackground();
  }
}

function onTabMessage(message: SessionMessage): void {
  if (message.type === "signed-out" && getToken()) {
    clearTimeout(timer);
    setToken(null);
  }
  // Another tab signed in: this one, if signed out, joins the same login through the shared cookie.
  if (message.type === "signed-in" && !getToken()) void refreshSession();
}

function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? (locks.request(REFRESH_LOCK, work) as Promise<T>) : work();
}

/** The dashboard's refresh and logout calls: an empty body, and the cookie the browser holds. */
function authRequest(path: string): Request {
  return new Request(new URL(path, globalThis.location.origin), {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  });
}
