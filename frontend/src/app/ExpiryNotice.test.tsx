import { act, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { markRefreshFailing, setToken } from "../lib/auth";
import { renderWithProviders, tokenFor } from "../test/render";
import { ExpiryNotice } from "./ExpiryNotice";

afterEach(() => setToken(null));

const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

describe("ExpiryNotice", () => {
  it("stays quiet while the sign-in has time left", () => {
    setToken(tokenFor({ role: "operator", exp: inSeconds(600) }));
    markRefreshFailing(true);
    renderWithProviders(<ExpiryNotice />);
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });

  it("stays quiet near the end while the silent renewal works", () => {
    setToken(tokenFor({ role: "operator", exp: inSeconds(90) }));
    renderWithProviders(<ExpiryNotice />);
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });

  it("warns in the last two minutes when the renewal cannot reach the server", () => {
    setToken(tokenFor({ role: "operator", exp: inSeconds(90) }));
    renderWithProviders(<ExpiryNotice />);
    act(() => markRefreshFailing(true));
    expect(screen.getByRole("status")).toHaveTextContent("which ends in about 2 min");
  });
});
