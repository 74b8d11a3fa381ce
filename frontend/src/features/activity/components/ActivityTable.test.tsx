import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "../../../test/render";
import type { ActivityEvent } from "../api";
import { ActivityTable } from "./ActivityTable";

const viewed: ActivityEvent = {
  id: "e-1",
  seq: 7,
  chain: "company:01a2337d-0000-7000-8000-0000000000c1",
  at: "2026-11-20T09:14:03Z",
  action: "session.view",
  actor: { id: "u-1", name: "Levan Operator" },
  actor_kind: "user",
  target_type: "session",
  target_id: "01a2337d-0000-7000-8000-000000000001",
  target_name: "NINO KAPANADZE",
  outcome: "ok",
  ip: "10.0.0.12",
};

describe("ActivityTable", () => {
  it("names the customer of a session and links to it", () => {
    renderWithProviders(<ActivityTable events={[viewed]} showTarget />);
    expect(screen.getByRole("link", { name: "NINO KAPANADZE" })).toHaveAttribute("href", `/sessions/${viewed.target_id}`);
  });

  it("narrows the log to a session or a user", async () => {
    const onFilter = vi.fn();
    renderWithProviders(<ActivityTable events={[viewed]} showTarget onFilter={onFilter} />);
    await userEvent.click(screen.getByRole("button", { name: "Only this session" }));
    expect(onFilter).toHaveBeenLastCalledWith({ target_id: viewed.target_id, label: "NINO KAPANADZE" });
    await userEvent.click(screen.getByRole("button", { name: "Levan Operator" }));
    expect(onFilter).toHaveBeenLastCalledWith({ actor_id: "u-1", label: "Levan Operator" });
  });
});
