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
    renderWithProviders(<LoginForm onSignedIn={onSignedIn} />);
    await signIn("operator@demo.test", "secret");
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(getToken()).toBe(token);
    expect(await requests[0]!.json()).toEqual({ email: "operator@demo.test", password: "secret", refresh_cookie: true });
    expect(Object.keys(sessionStorage)).toEqual([]);
    expect(Object.keys(localStorage)).toEqual([]);
  });

  it("shows the server's detail when the password is wrong", async () => {
    stubFetch(() => problem(401, "wrong email or password"));
    renderWithProviders(<LoginForm onSignedIn={() => {}} />);
    await signIn("operator@demo.test", "nope");
    expect(await screen.findByRole("alert")).toHaveTextContent("wrong email or password");
    expect(getToken()).toBeNull();
  });

  it("explains that an ended session is why the user is here", () => {
    renderWithProviders(<LoginForm onSignedIn={() => {}} expired />);
    expect(screen.getByText("Your session has ended. Please sign in again.")).toBeInTheDocument();
  });
});
