import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, problem, renderWithProviders, stubFetch } from "../../../test/render";
import { sessionSummary } from "../../../test/fixtures";
import { SessionList } from "./SessionList";

afterEach(() => vi.unstubAllGlobals());

/** Two pages: the first points at the second with cursor "p2". */
function serveTwoPages() {
  return stubFetch((request) => {
    const cursor = new URL(request.url).searchParams.get("cursor");
    return cursor === "p2"
      ? json({ items: [sessionSummary({ id: "b", first_name: "BESO" })], next_cursor: null })
      : json({ items: [sessionSummary({ id: "a", first_name: "ANA" })], next_cursor: "p2" });
  });
}

describe("SessionList", () => {
  it("asks the API with the filters in the page's URL", async () => {
    const requests = serveTwoPages();
    renderWithProviders(<SessionList />, { route: "/sessions?status=awaiting_action&q=Lomidze" });
    await screen.findByText(/ANA/);
    const query = new URL(requests[0]!.url).searchParams;
    expect(query.get("status")).toBe("awaiting_action");
    expect(query.get("q")).toBe("Lomidze");
    expect(query.get("limit")).toBe("25");
  });

  it("walks the cursor pages forward and back", async () => {
    serveTwoPages();
    renderWithProviders(<SessionList />, { route: "/sessions" });
    const user = userEvent.setup();
    await screen.findByText(/ANA/);
    expect(screen.getByRole("button", { name: /Previous/ })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: /Next/ }));
    expect(await screen.findByText(/BESO/)).toBeInTheDocument();
    expect(screen.getByText(/Page 2/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Next/ })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: /Previous/ }));
    expect(await screen.findByText(/ANA/)).toBeInTheDocument();
    expect(screen.getByText(/Page 1/)).toBeInTheDocument();
  });

  it("says so when nothing matches", async () => {
    stubFetch(() => json({ items: [], next_cursor: null }));
    renderWithProviders(<SessionList />, { route: "/sessions?q=nobody" });
    expect(await screen.findByText("No sessions match these filters.")).toBeInTheDocument();
  });

  it("shows the server's reason when the list cannot be read", async () => {
    stubFetch(() => problem(400, 'unknown spoof filter "x"'));
    renderWithProviders(<SessionList />, { route: "/sessions?spoof=x" });
    expect(await screen.findByRole("alert")).toHaveTextContent('unknown spoof filter "x"');
  });
});
