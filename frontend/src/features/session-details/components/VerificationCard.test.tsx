import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render";
import { sessionDetails } from "../../../test/fixtures";
import { VerificationCard } from "./VerificationCard";

describe("VerificationCard", () => {
  it("explains the face match level by its false acceptance rate", () => {
    renderWithProviders(<VerificationCard session={sessionDetails()} />);
    expect(screen.getByText("Level 6 of 7")).toBeInTheDocument();
    expect(screen.getByText(/FAR 1\/100000: about 1 in 100,000 different people/)).toBeInTheDocument();
  });

  it("flags a weak face match in red", () => {
    const session = sessionDetails();
    session.verification.face_match = { level: 2, far: "1/250" };
    renderWithProviders(<VerificationCard session={session} />);
    expect(screen.getByText("Level 2 of 7")).toHaveClass("text-danger");
  });

  it("says so when no face was compared", () => {
    const session = sessionDetails();
    session.verification.face_match = { level: null, far: null };
    renderWithProviders(<VerificationCard session={session} />);
    expect(screen.getByText("No face was compared.")).toBeInTheDocument();
  });

  it("spells out both spoof checks and names the company", () => {
    renderWithProviders(<VerificationCard session={sessionDetails()} />);
    expect(screen.getByText("Real document")).toHaveClass("flag--yes");
    expect(screen.getByText("Not full document (corners hidden or covered)")).toHaveClass("flag--no");
    expect(screen.getByText("Demo Bank")).toBeInTheDocument();
  });
});
