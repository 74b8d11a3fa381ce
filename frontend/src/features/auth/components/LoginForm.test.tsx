import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getToken, setToken } from "../../../lib/auth";
import { json, problem, renderWithProviders, stubFetch, tokenFor } from "../../../test/render";
import { LoginForm } from "./LoginForm";

afterEach(() => {
  vi.unstubAllGlobals();
  setToken(null);
});

async function signIn(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Email"), email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("LoginForm", () => {
  it("keeps the token and moves on after a successful sign-in", async () => {
    const token = tokenFor({ role: "operator" });
    const requests = stubFetch(() => json({ access_token: token, token_type: "Bearer", expires_in: 900 }));
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm enrolment={() => null} onSignedIn={onSignedIn} />);
    await signIn("operator@demo.test", "secret");
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(getToken()).toBe(token);
    expect(await requests[0]!.json()).toEqual({ email: "operator@demo.test", password: "secret", refresh_cookie: true });
    expect(Object.keys(sessionStorage)).toEqual([]);
    expect(Object.keys(localStorage)).toEqual([]);
  });

  it("shows the server's detail when the password is wrong", async () => {
    stubFetch(() => problem(401, "wrong email or password"));
    renderWithProviders(<LoginForm enrolment={() => null} onSignedIn={() => {}} />);
    await signIn("operator@demo.test", "nope");
    expect(await screen.findByRole("alert")).toHaveTextContent("wrong email or password");
    expect(getToken()).toBeNull();
  });

  it("explains that an ended session is why the user is here", () => {
    renderWithProviders(<LoginForm enrolment={() => null} onSignedIn={() => {}} expired />);
    expect(screen.getByText("Your session has ended. Please sign in again.")).toBeInTheDocument();
  });

  it("asks for a code when the password is right and two-factor sign-in is on, then signs in with it", async () => {
    const token = tokenFor({ role: "operator" });
    const requests = stubFetch((request) =>
      new URL(request.url).pathname === "/api/v1/auth/login"
        ? json({ mfa_required: true, mfa_token: "kyc_mfa_step" })
        : json({ access_token: token, token_type: "Bearer", expires_in: 900 }),
    );
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm enrolment={() => null} onSignedIn={onSignedIn} />);
    await signIn("operator@demo.test", "secret");
    expect(getToken()).toBeNull();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Code"), "ABCD-EFGH-JKLM");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(getToken()).toBe(token);
    expect(new URL(requests[1]!.url).pathname).toBe("/api/v1/auth/login/mfa");
    expect(await requests[1]!.json()).toEqual({ mfa_token: "kyc_mfa_step", code: "ABCD-EFGH-JKLM", refresh_cookie: true });
  });

  it("shows the server's detail when the code is wrong, and stays on the code step", async () => {
    stubFetch((request) =>
      new URL(request.url).pathname === "/api/v1/auth/login"
        ? json({ mfa_required: true, mfa_token: "kyc_mfa_step" })
        : problem(401, "wrong or used code"),
    );
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginForm enrolment={() => null} onSignedIn={onSignedIn} />);
    await signIn("operator@demo.test", "secret");
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Code"), "000000");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("wrong or used code");
    expect(screen.getByLabelText("Code")).toBeInTheDocument();
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(getToken()).toBeNull();
  });

  it("hands the enrolment token over when the company requires two-factor sign-in and the user has none", async () => {
    stubFetch(() => json({ mfa_enrolment_required: true, mfa_token: "kyc_mfa_enrol" }));
    renderWithProviders(<LoginForm enrolment={(mfaToken) => <p>enrol with {mfaToken}</p>} onSignedIn={() => {}} />);
    await signIn("operator@demo.test", "secret");
    expect(await screen.findByText("enrol with kyc_mfa_enrol")).toBeInTheDocument();
    expect(screen.getByText("Your company requires two-factor sign-in. Set it up now to continue.")).toBeInTheDocument();
    expect(getToken()).toBeNull();
  });
});
