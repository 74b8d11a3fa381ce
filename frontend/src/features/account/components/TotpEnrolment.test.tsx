import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiProblem } from "../../../api/client";
import { renderWithProviders } from "../../../test/render";
import { TotpEnrolment } from "./TotpEnrolment";

const setup = {
  secret: "JBSWY3DPEHPK3PXP",
  otpauth_url: "otpauth://totp/KYC:nino%40demo.test?secret=JBSWY3DPEHPK3PXP&issuer=KYC",
  qr_svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
};
const codes = Array.from({ length: 10 }, (_, index) => `code-${index}`);

describe("TotpEnrolment", () => {
  it("shows the server's QR code as an image, never as markup, with the secret as text next to it", async () => {
    renderWithProviders(<TotpEnrolment begin={async () => setup} confirm={async () => ({ recovery_codes: codes })} onDone={() => {}} />);
    await userEvent.setup().click(screen.getByRole("button", { name: "Set up two-factor sign-in" }));
    const image = await screen.findByRole("img", { name: "QR code for your authenticator app" });
    expect(image.getAttribute("src")).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qr_svg)}`);
    expect(document.querySelector("svg")).toBeNull();
    expect(document.querySelector("script")).toBeNull();
    expect(screen.getByTestId("totp-secret")).toHaveTextContent("JBSWY3DPEHPK3PXP");
  }, 20_000);

  it("confirms with the code, then shows the recovery codes once", async () => {
    const confirm = vi.fn(async () => ({ recovery_codes: codes }));
    const onDone = vi.fn();
    renderWithProviders(<TotpEnrolment begin={async () => setup} confirm={confirm} onDone={onDone} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Set up two-factor sign-in" }));
    await user.type(await screen.findByLabelText("Code from the app"), "123 456");
    await user.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
    expect(confirm).toHaveBeenCalledWith("123456");
    expect(await screen.findByTestId("recovery-codes-list")).toHaveTextContent("code-0");
    expect(screen.getByTestId("recovery-codes-list").textContent?.split("\n")).toHaveLength(10);
    expect(screen.getByRole("button", { name: "Copy" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "I have saved them" }));
    expect(onDone).toHaveBeenCalled();
  }, 20_000);

  it("shows the server's refusal of a wrong code and lets the user try again", async () => {
    const confirm = vi
      .fn()
      .mockRejectedValueOnce(new ApiProblem(422, "code: is not the current code"))
      .mockResolvedValueOnce({ recovery_codes: codes });
    renderWithProviders(<TotpEnrolment begin={async () => setup} confirm={confirm} onDone={() => {}} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Set up two-factor sign-in" }));
    await user.type(await screen.findByLabelText("Code from the app"), "000000");
    await user.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("code: is not the current code");
    await user.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
    expect(await screen.findByTestId("recovery-codes-list")).toBeInTheDocument();
  }, 20_000);
});
