import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render";
import { ScreeningBanner } from "./ScreeningBanner";
import { StatusReasons } from "./StatusReasons";

const sanction = { entity_id: "demo-p003", list: "demo", name: "Ahmed Hasan Al-Rashid", kind: "sanction", review: "open" } as const;

describe("ScreeningBanner", () => {
  it("is absent without an open or confirmed match", () => {
    renderWithProviders(<ScreeningBanner alerts={[]} />);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says an open match blocks verifying and a confirmed sanction allows only a rejection", () => {
    renderWithProviders(<ScreeningBanner alerts={[sanction, { ...sanction, entity_id: "demo-p018", review: "confirmed" }]} />);
    const banner = screen.getByRole("alert");
    expect(banner).toHaveTextContent("Possible sanctions match: Ahmed Hasan Al-Rashid (demo, demo-p003). Not reviewed yet");
    expect(banner).toHaveTextContent("Confirmed sanctions match: Ahmed Hasan Al-Rashid (demo, demo-p018). The session can only be rejected.");
  });

  it("tells a confirmed PEP's enhanced due diligence", () => {
    renderWithProviders(<ScreeningBanner alerts={[{ ...sanction, kind: "pep", review: "confirmed" }]} />);
    expect(screen.getByRole("alert")).toHaveTextContent("second approval by an admin");
  });
});

describe("StatusReasons", () => {
  it("lists each reason with its tag and message", () => {
    renderWithProviders(
      <StatusReasons
        reasons={[
          { code: "face_match_below_threshold", message: "face match level 3 is below the required 4", field: "verification.face_match.level" },
          { code: "mrz_invalid", message: "Composite check digit: invalid check digit: 1. Must be 0", field: "mrz.composite_check_digit" },
        ]}
      />,
    );
    expect(screen.getByText(/face match level 3 is below the required 4/)).toBeInTheDocument();
    expect(screen.getByText("MRZ invalid")).toBeInTheDocument();
  });

  it("is absent when every check passed", () => {
    renderWithProviders(<StatusReasons reasons={[]} />);
    expect(screen.queryByTestId("status-reasons")).toBeNull();
  });
});
