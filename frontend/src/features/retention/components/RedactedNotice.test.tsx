import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render";
import { RedactedNotice } from "./RedactedNotice";

describe("RedactedNotice", () => {
  it("says a session was redacted by policy and when", () => {
    renderWithProviders(<RedactedNotice redactedAt="2027-03-01T10:00:00Z" redactedBy="policy" />);
    expect(screen.getByTestId("redacted-notice")).toHaveTextContent(/Redacted on .*2027.* by the retention policy/);
  });

  it("says a session was redacted by request", () => {
    renderWithProviders(<RedactedNotice redactedAt="2027-03-01T10:00:00Z" redactedBy="request" />);
    expect(screen.getByTestId("redacted-notice")).toHaveTextContent(/by request/);
  });

  it("shows nothing for a session that keeps its data", () => {
    renderWithProviders(<RedactedNotice redactedAt={null} redactedBy={null} />);
    expect(screen.queryByTestId("redacted-notice")).not.toBeInTheDocument();
  });
});
