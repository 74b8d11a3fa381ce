import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { json, renderWithProviders, stubFetch } from "../../../test/render";
import { Notes } from "./Notes";

afterEach(() => vi.unstubAllGlobals());

const note = (overrides: Partial<Schemas["NoteView"]> = {}): Schemas["NoteView"] => ({
  id: "n-1",
  author: { id: "u-1", name: "Nino Beridze" },
  body: "Called the customer to confirm the address.",
  kind: "note",
  reasons: [],
  created_at: "2026-11-20T10:00:00Z",
  ...overrides,
});

describe("Notes", () => {
  it("lists the notes with author, and decisions with their kind and reasons", async () => {
    stubFetch(() => json({ items: [note(), note({ id: "n-2", kind: "rejection", body: "Wrong MRZ", reasons: ["mrz_issue"] })] }));
    renderWithProviders(<Notes sessionId="s-1" canWrite={false} reasonLabel={(id) => (id === "mrz_issue" ? "MRZ issue" : id)} />);
    const items = await screen.findAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Nino Beridze");
    expect(items[0]).toHaveTextContent("Called the customer to confirm the address.");
    expect(within(items[1]!).getByText("Rejection")).toHaveClass("badge--danger");
    expect(items[1]).toHaveTextContent("Reasons: MRZ issue");
  });

  it("shows no note form to a viewer", async () => {
    stubFetch(() => json({ items: [] }));
    renderWithProviders(<Notes sessionId="s-1" canWrite={false} />);
    expect(await screen.findByText("No notes yet.")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "New note" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Add note" })).not.toBeInTheDocument();
  });

  it("posts a new note and shows it without a reload", async () => {
    const created = note({ id: "n-9", body: "Selfie checked." });
    const stored: Schemas["NoteView"][] = [];
    const requests = stubFetch((request) => {
      if (request.method !== "POST") return json({ items: stored });
      stored.push(created);
      return json(created, 201);
    });
    renderWithProviders(<Notes sessionId="s-1" canWrite />);
    const user = userEvent.setup();
    await user.type(await screen.findByRole("textbox", { name: "New note" }), "  Selfie checked.  ");
    await user.click(screen.getByRole("button", { name: "Add note" }));
    expect(await screen.findByText("Selfie checked.")).toBeInTheDocument();
    const post = requests.find((request) => request.method === "POST")!;
    expect(new URL(post.url).pathname).toBe("/api/v1/sessions/s-1/notes");
    expect(await post.json()).toEqual({ body: "Selfie checked." });
    expect(screen.getByRole("textbox", { name: "New note" })).toHaveValue("");
  });

  it("does not send an empty note", async () => {
    stubFetch(() => json({ items: [] }));
    renderWithProviders(<Notes sessionId="s-1" canWrite />);
    await userEvent.type(await screen.findByRole("textbox", { name: "New note" }), "   ");
    expect(screen.getByRole("button", { name: "Add note" })).toBeDisabled();
  });
});
