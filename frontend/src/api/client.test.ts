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

  it("signs the user out when the server answers 401", async () => {
    setToken(tokenFor({ role: "viewer" }));
    stubFetch(() => problem(401, "token expired"));
    await expect(unwrap(api.GET("/api/v1/sessions", {}))).rejects.toThrow("token expired");
    expect(getToken()).toBeNull();
    expect(sessionWasEnded()).toBe(true);
  });

  it("does not treat a wrong password as an ended session", async () => {
    stubFetch(() => problem(401, "wrong email or password"));
    await expect(unwrap(api.POST("/api/v1/auth/login", { body: { email: "a@b.c", password: "x" } }))).rejects.toThrow(
      "wrong email or password",
    );
    expect(sessionWasEnded()).toBe(false);
  });
});
