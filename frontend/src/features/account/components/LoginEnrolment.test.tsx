import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getToken, setToken } from "../../../lib/auth";
import { json, problem, renderWithProviders, stubFetch, tokenFor } from "../../../test/render";
import { LoginEnrolment } from "./LoginEnrolment";

afterEach(() => {
  vi.unstubAllGlobals();
  setToken(null);
});

const setup = { secret: "JBSWY3DPEHPK3PXP", otpauth_url: "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", qr_svg: "<svg/>" };
const pathOf = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;

async function enrol(code: string) {
  const user = userEvent.setup();
  await user.click(screen.getByRole("button", { name: "Set up two-factor sign-in" }));
  expect(await screen.findByTestId("totp-secret")).toHaveTextContent(setup.secret);
  await user.type(screen.getByLabelText("Code from the app"), code);
  await user.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
  return user;
}

describe("LoginEnrolment", () => {
  it("enrols with the login's token as the bearer, shows the recovery codes, then signs in", async () => {
    const token = tokenFor({ role: "operator" });
    const requests = stubFetch((request) =>
      pathOf(request) === "POST /api/v1/me/mfa/totp"
        ? json(setup)
        : json({ recovery_codes: ["AAAA-BBBB-CCCC"], access_token: token, token_type: "Bearer", expires_in: 900 }),
    );
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginEnrolment mfaToken="kyc_mfa_enrol" onSignedIn={onSignedIn} />);
    const user = await enrol("123 456");
    expect(await screen.findByTestId("recovery-codes-list")).toHaveTextContent("AAAA-BBBB-CCCC");
    expect(getToken()).toBeNull();
    expect(onSignedIn).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "I have saved them" }));
    expect(onSignedIn).toHaveBeenCalled();
    expect(getToken()).toBe(token);
    expect(requests.map((request) => request.headers.get("Authorization"))).toEqual(["Bearer kyc_mfa_enrol", "Bearer kyc_mfa_enrol"]);
    expect(await requests[1]!.json()).toEqual({ code: "123456", refresh_cookie: true });
  });

  it("shows the server's detail when the code is wrong", async () => {
    stubFetch((request) => (pathOf(request) === "POST /api/v1/me/mfa/totp" ? json(setup) : problem(422, "that code is not the one the app shows now")));
    const onSignedIn = vi.fn();
    renderWithProviders(<LoginEnrolment mfaToken="kyc_mfa_enrol" onSignedIn={onSignedIn} />);
    await enrol("000000");
    expect(await screen.findByRole("alert")).toHaveTextContent("that code is not the one the app shows now");
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(getToken()).toBeNull();
  });
});
