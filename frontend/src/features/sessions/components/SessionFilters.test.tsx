import { act, fireEvent, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../../test/render";
import { useState } from "react";
import { NO_FILTERS, type Filters } from "../filters";
import { SessionFilters } from "./SessionFilters";

describe("SessionFilters", () => {
  it("searches once the user pauses typing", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const onChange = vi.fn();
    renderWithProviders(<SessionFilters filters={NO_FILTERS} onChange={onChange} />);
    fireEvent.change(screen.getByRole("searchbox", { name: "Search" }), { target: { value: "RA207" } });
    expect(onChange).not.toHaveBeenCalled();
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(onChange).toHaveBeenCalledWith({ ...NO_FILTERS, q: "RA207" });
    vi.useRealTimers();
  });

  it("searches at once on Enter, and the pause after typing changes nothing more", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const changes: Filters[] = [];
    // Like the list page: the filters live above the form and follow every change.
    function Page() {
      const [filters, setFilters] = useState<Filters>(NO_FILTERS);
      return <SessionFilters filters={filters} onChange={(next) => (changes.push(next), setFilters(next))} />;
    }
    renderWithProviders(<Page />);
    const search = screen.getByRole("searchbox", { name: "Search" });
    fireEvent.change(search, { target: { value: "BERIDZE" } });
    fireEvent.keyDown(search, { key: "Enter" });
    expect(changes).toEqual([{ ...NO_FILTERS, q: "BERIDZE" }]);
    // A late second change would navigate again: to the list, even after the user opened a session.
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(changes).toHaveLength(1);
    vi.useRealTimers();
  });

  it("applies a status at once", async () => {
    const onChange = vi.fn();
    renderWithProviders(<SessionFilters filters={NO_FILTERS} onChange={onChange} />);
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Status" }), "Awaiting action");
    expect(onChange).toHaveBeenCalledWith({ ...NO_FILTERS, status: "awaiting_action" });
  });

  it("offers every spoof reason of the API", () => {
    renderWithProviders(<SessionFilters filters={NO_FILTERS} onChange={() => {}} />);
    const options = Array.from(screen.getByRole("combobox", { name: "Possible spoof" }).querySelectorAll("option"));
    expect(options.map((option) => option.value)).toEqual(["", "digital_spoof", "not_full_document", "low_face_match"]);
  });

  it("jumps to the search box when the user presses /", async () => {
    renderWithProviders(<SessionFilters filters={NO_FILTERS} onChange={() => {}} />);
    await userEvent.keyboard("/");
    expect(screen.getByRole("searchbox", { name: "Search" })).toHaveFocus();
  });

  it("clears every filter with one button, shown only when something is filtered", async () => {
    const onChange = vi.fn();
    const { rerender } = renderWithProviders(<SessionFilters filters={NO_FILTERS} onChange={onChange} />);
    expect(screen.queryByRole("button", { name: "Clear filters" })).not.toBeInTheDocument();
    rerender(<SessionFilters filters={{ ...NO_FILTERS, status: "rejected", from: "2026-11-01" }} onChange={onChange} />);
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(onChange).toHaveBeenLastCalledWith(NO_FILTERS);
  });
});
