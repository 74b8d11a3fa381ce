import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, problem, renderWithProviders, stubFetch } from "../../test/render";
import { InvitationPage } from "./InvitationPage";
import { LoginPage } from "./LoginPage";

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

/** Opens the invitation page as the link does: the token in the address's fragment. */
function openLink(fragment: string) {
  window.history.replaceState(null, "", `/invitation${fragment}`);
  renderWithProviders(
    <Routes>
      <Route path="/invitation" element={<InvitationPage />} />
      <Route path="/login" element={<LoginPage />} />
    </Routes>,
    { route: "/invitation" },
  );
}

async function choose(password: string, repeated = password) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("New password"), password);
  await user.type(screen.getByLabelText("New password again"), repeated);
  await user.click(screen.getByRole("button", { name: "Set password" }));
}

const GOOD = "violet tractor ocean lantern";

describe("InvitationPage", () => {
  it("sends the fragment's token only in the body, then asks to sign in with the new password", async () => {
    const requests = stubFetch(() => json({ email: "nino@demo.test" }));
    openLink("#token=tok_abc123");
    expect(window.location.hash).toBe("");
    await choose(GOOD);
    expect(await screen.findByText("Your password is set. Sign in with it now.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveValue("nino@demo.test");
    expect(requests).toHaveLength(1);
    const accept = requests[0]!;
    expect(new URL(accept.url).pathname).toBe("/api/v1/auth/invitations/accept");
    expect(new URL(accept.url).search).toBe("");
    expect(await accept.json()).toEqual({ token: "tok_abc123", password: GOOD });
  }, 20_000);

  it("shows why the server finds the password too weak", async () => {
    stubFetch(() =>
      problem(422, "password: the password is too easy to guess (strength 1 of 4, at least 3 needed): This is a very common password."),
    );
    openLink("#token=tok_abc123");
    await choose("password1234");
    expect(await screen.findByRole("alert")).toHaveTextContent("This is a very common password.");
    expect(screen.getByRole("heading", { name: "Choose your password" })).toBeInTheDocument();
  }, 20_000);

  it("shows the server's reason when the password is too short", async () => {
    stubFetch(() => problem(422, "password: needs at least 12 characters, 5 more"));
    openLink("#token=tok_abc123");
    await choose("short12");
    expect(await screen.findByRole("alert")).toHaveTextContent("needs at least 12 characters, 5 more");
  }, 20_000);

  it("shows the server's reason when the link was used or expired", async () => {
    stubFetch(() => problem(409, "this invitation expired or was already used"));
    openLink("#token=tok_old");
    await choose(GOOD);
    expect(await screen.findByRole("alert")).toHaveTextContent("this invitation expired or was already used");
  }, 20_000);

  it("sends nothing when the two passwords differ", async () => {
    const requests = stubFetch(() => json({ email: "nino@demo.test" }));
    openLink("#token=tok_abc123");
    await choose(GOOD, `${GOOD}!`);
    expect(screen.getByRole("alert")).toHaveTextContent("The two passwords differ.");
    expect(requests).toHaveLength(0);
  }, 20_000);

  it("says so when the link has no token", () => {
    openLink("");
    expect(screen.getByRole("alert")).toHaveTextContent("This invitation link is incomplete.");
    expect(screen.getByRole("button", { name: "Set password" })).toBeDisabled();
  });
});
