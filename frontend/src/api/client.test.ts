import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiProblem, api, unwrap } from "./client";
import { getToken, sessionWasEnded, setToken } from "../lib/auth";
import { json, problem, stubFetch, tokenFor } from "../test/render";

afterEach(() => {
  vi.unstubAllGlobals();
  setToken(null);
});

describe("the API client", () => {
  it("sends the signed-in user's token as a bearer token", async () => {
    const token = tokenFor({ role: "viewer" });
    setToken(token);
    const requests = stubFetch(() => json({ items: [], next_cursor: null }));
    await unwrap(api.GET("/api/v1/sessions", { params: { query: { limit: 5 } } }));
    expect(requests[0]!.headers.get("Authorization")).toBe(`Bearer ${token}`);
    expect(new URL(requests[0]!.url).search).toBe("?limit=5");
  });

  it("throws the problem's detail so pages can show it", async () => {
    stubFetch(() => problem(409, "a decision needs the session to be awaiting action, it is verified"));
    const call = unwrap(api.GET("/api/v1/sessions/{id}", { params: { path: { id: "s-1" } } }));
    await expect(call).rejects.toEqual(
      new ApiProblem(409, "a decision needs the session to be awaiting action, it is verified", "/problems/x"),
    );
  });

  it("renews the token silently after a 401 and repeats the call with the new one", async () => {
    const renewed = tokenFor({ role: "viewer", sub: "renewed" });
    setToken(tokenFor({ role: "viewer" }));
    const requests = stubFetch((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/auth/refresh") return json({ access_token: renewed, token_type: "Bearer", expires_in: 900 });
      if (request.headers.get("Authorization") === `Bearer ${renewed}`) return json({ items: [], next_cursor: null });
      return problem(401, "token expired");
    });
    await expect(unwrap(api.GET("/api/v1/sessions", {}))).resolves.toEqual({ items: [], next_cursor: null });
    const refresh = requests.find((request) => new URL(request.url).pathname === "/api/v1/auth/refresh")!;
    expect(refresh.method).toBe("POST");
    expect(refresh.credentials).toBe("same-origin");
    expect(refresh.headers.get("Authorization")).toBeNull();
    expect(await refresh.text()).toBe("{}");
    expect(getToken()).toBe(renewed);
  });

  it("signs the user out when the server answers 401 and refuses to renew", async () => {
    setToken(tokenFor({ role: "viewer" }));
    const requests = stubFetch(() => problem(401, "token expired"));
    await expect(unwrap(api.GET("/api/v1/sessions", {}))).rejects.toThrow("token expired");
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual(["/api/v1/sessions", "/api/v1/auth/refresh"]);
    expect(getToken()).toBeNull();
    expect(sessionWasEnded()).toBe(true);
  });

  it("does not treat a wrong password as an ended session", async () => {
    setToken(tokenFor({ role: "viewer" }));
    const requests = stubFetch(() => problem(401, "wrong email or password"));
    await expect(unwrap(api.POST("/api/v1/auth/login", { body: { email: "a@b.c", password: "x" } }))).rejects.toThrow(
      "wrong email or password",
    );
    expect(requests).toHaveLength(1);
    expect(sessionWasEnded()).toBe(false);
  });
});

describe("a call with its own bearer", () => {
  it("is sent with it, and its 401 neither renews nor ends the session", async () => {
    setToken(tokenFor({ role: "viewer" }));
    const requests = stubFetch(() => problem(401, "the sign-in step expired"));
    await expect(
      unwrap(api.GET("/api/v1/me", { headers: { Authorization: "Bearer step-token" } })),
    ).rejects.toThrow("the sign-in step expired");
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.get("Authorization")).toBe("Bearer step-token");
    expect(getToken()).not.toBeNull();
  });
});
