import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setToken } from "../lib/auth";
import { renderWithProviders, tokenFor } from "../test/render";
import { ExpiryNotice } from "./ExpiryNotice";

afterEach(() => setToken(null));

const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

describe("ExpiryNotice", () => {
  it("stays quiet while the sign-in has time left", () => {
    setToken(tokenFor({ role: "operator", exp: inSeconds(600) }));
    renderWithProviders(<ExpiryNotice />);
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });

  it("warns in the last two minutes", () => {
    setToken(tokenFor({ role: "operator", exp: inSeconds(90) }));
    renderWithProviders(<ExpiryNotice />);
    expect(screen.getByRole("status")).toHaveTextContent("Your sign-in ends in about 2 min.");
  });
});
