import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render";
import { sessionDetails } from "../../../test/fixtures";
import { CustomerActivityCard } from "./CustomerActivityCard";

describe("CustomerActivityCard", () => {
  it("shows the client IP's country beside the IP", () => {
    renderWithProviders(<CustomerActivityCard session={sessionDetails()} />);
    expect(screen.getByText("IP country")).toBeInTheDocument();
    expect(screen.getByTestId("ip-country")).toHaveTextContent("GE");
  });

  it("labels the country in Georgian", () => {
    renderWithProviders(<CustomerActivityCard session={sessionDetails()} />, { language: "ka" });
    expect(screen.getByText("IP-ის ქვეყანა")).toBeInTheDocument();
  });

  it("leaves the country empty for an address without one", () => {
    const session = sessionDetails();
    session.customer_activity.ip_country = null;
    renderWithProviders(<CustomerActivityCard session={session} />);
    expect(screen.queryByTestId("ip-country")).not.toBeInTheDocument();
  });
});
