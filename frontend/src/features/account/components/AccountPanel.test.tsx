import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getSessionState, getToken, setToken } from "../../../lib/auth";
import { json, problem, renderWithProviders, stubFetch, tokenFor } from "../../../test/render";
import { AccountPanel } from "./AccountPanel";

const me = { id: "u-op", email: "operator@demo.test", name: "Demo Operator", role: "operator", company: { id: "c-1", name: "Demo Bank" }, mfa_enabled: false };
const NEW = "violet tractor ocean lantern";

beforeEach(() => setToken(tokenFor({ role: "operator", sub: "u-op" })));
afterEach(() => {
  vi.unstubAllGlobals();
  setToken(null);
});

const pathOf = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;

async function changePassword(current: string, next: string, repeated = next) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Current password"), current);
  await user.type(screen.getByLabelText("New password"), next);
  await user.type(screen.getByLabelText("New password again"), repeated);
  await user.click(screen.getByRole("button", { name: "Change password" }));
}

describe("AccountPanel", () => {
  it("shows who is signed in", async () => {
    stubFetch(() => json(me));
    renderWithProviders(<AccountPanel roleLabel={(role) => `role ${role}`} />);
    expect(await screen.findByText("operator@demo.test")).toBeInTheDocument();
    expect(screen.getByText("Demo Bank")).toBeInTheDocument();
    expect(screen.getByText("role operator")).toBeInTheDocument();
  }, 20_000);

  it("changes the password and signs this tab in again with it, the server having ended every login", async () => {
    const renewed = tokenFor({ role: "operator", sub: "u-op", jti: "after-change" });
    const requests = stubFetch((request) => {
      if (pathOf(request) === "POST /api/v1/me/password") return new Response(null, { status: 204 });
      if (pathOf(request) === "POST /api/v1/auth/login") return json({ access_token: renewed, token_type: "Bearer", expires_in: 900 });
      return json(me);
    });
    renderWithProviders(<AccountPanel roleLabel={String} />);
    await changePassword("old password here", NEW);
    expect(await screen.findByRole("status")).toHaveTextContent("Your password is changed.");
    const change = requests.find((request) => pathOf(request) === "POST /api/v1/me/password")!;
    expect(await change.json()).toEqual({ current_password: "old password here", new_password: NEW });
    const login = requests.find((request) => pathOf(request) === "POST /api/v1/auth/login")!;
    expect(await login.json()).toEqual({ email: "operator@demo.test", password: NEW, refresh_cookie: true });
    expect(getToken()).toBe(renewed);
    expect(screen.getByLabelText("Current password")).toHaveValue("");
  }, 20_000);

  it("shows the server's reason for refusing a weak new password", async () => {
    stubFetch((request) =>
      pathOf(request) === "POST /api/v1/me/password"
        ? problem(422, "new_password: the password is too easy to guess (strength 2 of 4, at least 3 needed): Add another word or two.")
        : json(me),
    );
    renderWithProviders(<AccountPanel roleLabel={String} />);
    await changePassword("old password here", "Summer2026!!");
    expect(await screen.findByRole("alert")).toHaveTextContent("strength 2 of 4, at least 3 needed): Add another word or two.");
    expect(getSessionState().status).toBe("signed-in");
  }, 20_000);

  it("shows the server's reason when the current password is wrong", async () => {
    stubFetch((request) =>
      pathOf(request) === "POST /api/v1/me/password" ? problem(422, "current_password: is not your current password") : json(me),
    );
    renderWithProviders(<AccountPanel roleLabel={String} />);
    await changePassword("not it", NEW);
    expect(await screen.findByRole("alert")).toHaveTextContent("current_password: is not your current password");
  }, 20_000);

  it("sends nothing when the new passwords differ", async () => {
    const requests = stubFetch(() => json(me));
    renderWithProviders(<AccountPanel roleLabel={String} />);
    await changePassword("old password here", NEW, "something else entirely");
    expect(screen.getByRole("alert")).toHaveTextContent("The two passwords differ.");
    expect(requests.filter((request) => request.method === "POST")).toHaveLength(0);
  }, 20_000);

  it("turns two-factor sign-in on, shows the recovery codes, and only then reads the account again", async () => {
    let enabled = false;
    const requests = stubFetch((request) => {
      if (pathOf(request) === "POST /api/v1/me/mfa/totp") return json({ secret: "JBSWY3DPEHPK3PXP", otpauth_url: "otpauth://totp/x", qr_svg: "<svg/>" });
      if (pathOf(request) === "POST /api/v1/me/mfa/totp/confirm") {
        enabled = true;
        return json({ recovery_codes: ["AAAA-BBBB-CCCC"] });
      }
      return json({ ...me, mfa_enabled: enabled });
    });
    renderWithProviders(<AccountPanel roleLabel={String} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Set up two-factor sign-in" }));
    await user.type(await screen.findByLabelText("Code from the app"), "123456");
    await user.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
    expect(await screen.findByTestId("recovery-codes-list")).toHaveTextContent("AAAA-BBBB-CCCC");
    const confirm = requests.find((request) => pathOf(request) === "POST /api/v1/me/mfa/totp/confirm")!;
    expect(await confirm.json()).toEqual({ code: "123456" });
    expect(confirm.headers.get("Authorization")).toBe(`Bearer ${getToken()}`);
    await user.click(screen.getByRole("button", { name: "I have saved them" }));
    expect(await screen.findByRole("form", { name: "Turn off" })).toBeInTheDocument();
  }, 20_000);

  it("turns two-factor sign-in off with the current password", async () => {
    let enabled = true;
    const requests = stubFetch((request) => {
      if (pathOf(request) === "DELETE /api/v1/me/mfa/totp") {
        enabled = false;
        return new Response(null, { status: 204 });
      }
      return json({ ...me, mfa_enabled: enabled });
    });
    renderWithProviders(<AccountPanel roleLabel={String} />);
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Turn off" });
    await user.type(within(form).getByLabelText("Current password"), "my password");
    await user.click(within(form).getByRole("button", { name: "Turn off" }));
    expect(await screen.findByText("Two-factor sign-in is off.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Set up two-factor sign-in" })).toBeInTheDocument();
    const off = requests.find((request) => pathOf(request) === "DELETE /api/v1/me/mfa/totp")!;
    expect(await off.json()).toEqual({ current_password: "my password" });
  }, 20_000);

  it("shows the server's refusal to turn two-factor sign-in off when the company requires it", async () => {
    stubFetch((request) =>
      pathOf(request) === "DELETE /api/v1/me/mfa/totp"
        ? problem(409, "Your company requires two-factor sign-in.")
        : json({ ...me, mfa_enabled: true }),
    );
    renderWithProviders(<AccountPanel roleLabel={String} />);
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Turn off" });
    await user.type(within(form).getByLabelText("Current password"), "my password");
    await user.click(within(form).getByRole("button", { name: "Turn off" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("Your company requires two-factor sign-in.");
    expect(screen.getByRole("form", { name: "Turn off" })).toBeInTheDocument();
  }, 20_000);
});
