import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json, problem, tokenFor } from "../test/render";

type Auth = typeof import("./auth");
type Session = typeof import("./session");

/** One browser tab: its own copy of the token store and the session, as a separate page has. */
async function openTab(): Promise<{ auth: Auth; session: Session }> {
  vi.resetModules();
  return { auth: await import("./auth"), session: await import("./session") };
}

/** The Web Locks API as browsers implement it for one name: one holder at a time, in order. */
function fakeLocks() {
  const requested: string[] = [];
  let tail: Promise<unknown> = Promise.resolve();
  return {
    requested,
    request<T>(name: string, work: () => Promise<T>): Promise<T> {
      requested.push(name);
      const run = tail.then(work);
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

/**
 * A server that rotates the refresh cookie at each use and, like the real one, ends the login when
 * a used cookie comes back. `overlapping` counts exchanges that were in flight at the same time.
 */
function fakeServer({ signedIn = true } = {}) {
  const server = { cookie: signedIn ? 1 : 0, presented: [] as number[], overlapping: 0, revoked: false, logouts: 0 };
  let inFlight = 0;
  vi.stubGlobal("fetch", async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === "/api/v1/auth/logout") {
      server.logouts += 1;
      server.cookie = 0;
      return new Response(null, { status: 204 });
    }
    if (path !== "/api/v1/auth/refresh") return problem(404, "no such endpoint");
    // Every tab of the browser presents the jar's one cookie, as it was when the request left.
    const presented = server.cookie;
    server.presented.push(presented);
    inFlight += 1;
    if (inFlight > 1) server.overlapping += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight -= 1;
    if (presented === 0 || server.revoked) return problem(401, "a refresh token is required");
    if (presented !== server.cookie) {
      server.revoked = true;
      return problem(401, "this refresh token was already used");
    }
    server.cookie += 1;
    return json({ access_token: tokenFor({ role: "operator", sub: `login-${server.cookie}` }), token_type: "Bearer", expires_in: 900 });
  });
  return server;
}

let locks: ReturnType<typeof fakeLocks>;

beforeEach(() => {
  locks = fakeLocks();
  vi.stubGlobal("navigator", { ...navigator, locks });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the session", () => {
  it("signs a new tab in from the refresh cookie, restoring until the server answers", async () => {
    const server = fakeServer();
    const { auth, session } = await openTab();
    const started = session.startSession();
    expect(auth.getSessionState().status).toBe("restoring");
    await started;
    expect(auth.getSessionState().status).toBe("signed-in");
    expect(auth.viewerOf(auth.getToken())?.userId).toBe("login-2");
    expect(server.presented).toEqual([1]);
    expect(locks.requested).toEqual(["kyc-refresh"]);
    expect(Object.keys(sessionStorage)).toEqual([]);
    expect(Object.keys(localStorage)).toEqual([]);
  });

  it("leaves a tab without a refresh cookie signed out, without saying the session ended", async () => {
    fakeServer({ signedIn: false });
    const { auth, session } = await openTab();
    await session.startSession();
    expect(auth.getSessionState()).toMatchObject({ status: "signed-out", token: null, ended: false });
  });

  it("shares one exchange among the callers of one tab", async () => {
    const server = fakeServer();
    const { session } = await openTab();
    const outcomes = await Promise.all([session.refreshSession(), session.refreshSession(), session.refreshSession()]);
    expect(outcomes).toEqual(["refreshed", "refreshed", "refreshed"]);
    expect(server.presented).toEqual([1]);
  });

  it("never lets two tabs present the same cookie, so the server never ends the login", async () => {
    const server = fakeServer();
    const first = await openTab();
    const second = await openTab();
    const outcomes = await Promise.all([first.session.refreshSession(), second.session.refreshSession()]);
    expect(outcomes).toEqual(["refreshed", "refreshed"]);
    expect(server).toMatchObject({ overlapping: 0, revoked: false, presented: [1, 2] });
    expect(first.auth.getToken()).not.toBe(second.auth.getToken());
  });

  it("would have the login ended by the server if tabs exchanged without the lock", async () => {
    vi.stubGlobal("navigator", { ...navigator, locks: undefined });
    const server = fakeServer();
    const first = await openTab();
    const second = await openTab();
    await Promise.all([first.session.refreshSession(), second.session.refreshSession()]);
    expect(server.revoked).toBe(true);
  });

  it("ends the session, saying so, when the server refuses to renew it", async () => {
    const server = fakeServer();
    const { auth, session } = await openTab();
    await session.startSession();
    server.revoked = true;
    expect(await session.refreshSession()).toBe("refused");
    expect(auth.getSessionState()).toMatchObject({ status: "signed-out", ended: true });
  });

  it("signs out on the server and in every other tab", async () => {
    const server = fakeServer();
    const first = await openTab();
    await first.session.startSession();
    const second = await openTab();
    await second.session.startSession();
    expect(second.auth.getToken()).not.toBeNull();
    await first.session.signOut();
    expect(server.logouts).toBe(1);
    expect(first.auth.getSessionState()).toMatchObject({ status: "signed-out", ended: false });
    await vi.waitFor(() => expect(second.auth.getToken()).toBeNull());
    expect(second.auth.sessionWasEnded()).toBe(false);
  });

  it("joins a signed-out tab to the login another tab just made", async () => {
    const server = fakeServer({ signedIn: false });
    const first = await openTab();
    await first.session.startSession();
    const second = await openTab();
    await second.session.startSession();
    server.cookie = 1;
    second.session.signedIn({ access_token: tokenFor({ role: "operator" }), token_type: "Bearer", expires_in: 900 });
    await vi.waitFor(() => expect(first.auth.getSessionState().status).toBe("signed-in"));
  });
});
