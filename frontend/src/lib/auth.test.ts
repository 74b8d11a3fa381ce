import { describe, expect, it } from "vitest";
import { canDecide, getToken, isAdmin, sessionWasEnded, endSession, setToken, viewerOf } from "./auth";
import { tokenFor } from "../test/render";

describe("the signed-in user", () => {
  it("is read from the token's claims", () => {
    expect(viewerOf(tokenFor({ sub: "u-7", role: "operator", company_id: "c-1" }))).toMatchObject({
      userId: "u-7",
      role: "operator",
      companyId: "c-1",
    });
  });

  it("is nobody when the token is not a JWT", () => {
    expect(viewerOf("not-a-token")).toBeNull();
    expect(viewerOf(null)).toBeNull();
  });

  it("may decide and write notes as operator or admin, but not as viewer", () => {
    expect(canDecide(viewerOf(tokenFor({ role: "operator" })))).toBe(true);
    expect(canDecide(viewerOf(tokenFor({ role: "admin" })))).toBe(true);
    expect(canDecide(viewerOf(tokenFor({ role: "viewer" })))).toBe(false);
    expect(isAdmin(viewerOf(tokenFor({ role: "operator" })))).toBe(false);
  });
});

describe("the token store", () => {
  it("keeps the token in memory only, never in localStorage or sessionStorage", () => {
    const token = tokenFor({ role: "viewer" });
    setToken(token);
    expect(getToken()).toBe(token);
    expect(Object.keys(sessionStorage)).toEqual([]);
    expect(Object.keys(localStorage)).toEqual([]);
    setToken(null);
    expect(getToken()).toBeNull();
  });

  it("remembers whether the server ended the session or the user signed out", () => {
    setToken(tokenFor({ role: "viewer" }));
    endSession();
    expect(sessionWasEnded()).toBe(true);
    setToken(tokenFor({ role: "viewer" }));
    setToken(null);
    expect(sessionWasEnded()).toBe(false);
  });
});
