import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { setToken } from "../../../lib/auth";
import { json, problem, renderWithProviders, stubFetch, tokenFor } from "../../../test/render";
import { TeamManager } from "./TeamManager";

beforeEach(() => setToken(tokenFor({ role: "admin", sub: "u-admin" })));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  setToken(null);
});

const member = (overrides: Partial<Schemas["MemberView"]> = {}): Schemas["MemberView"] => ({
  id: "u-admin",
  email: "admin@demo.test",
  name: "Demo Admin",
  role: "admin",
  status: "active",
  mfa_enabled: false,
  created_at: "2026-12-01T10:00:00Z",
  ...overrides,
});

const colleague = member({ id: "u-nino", email: "nino@demo.test", name: "Nino Beridze", role: "operator", status: "invited" });

const pathOf = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;

describe("TeamManager", () => {
  it("lists the members with their role and status, marking the signed-in admin", async () => {
    stubFetch(() => json({ items: [member(), colleague, member({ id: "u-old", email: "old@demo.test", name: "Old Viewer", role: "viewer", status: "deactivated" })] }));
    renderWithProviders(<TeamManager />);
    const rows = await screen.findAllByTestId("member");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent("You");
    expect(within(rows[1]!).getByRole("combobox", { name: "Role of Nino Beridze" })).toHaveValue("operator");
    expect(rows[1]).toHaveTextContent("Invited");
    expect(within(rows[1]!).getByRole("button", { name: "Invite again" })).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent("Deactivated");
    expect(within(rows[2]!).getByRole("button", { name: "Reactivate" })).toBeInTheDocument();
    expect(within(rows[0]!).queryByRole("button", { name: "Invite again" })).not.toBeInTheDocument();
  }, 20_000);

  it("invites a colleague and shows the one-time link once, with a Copy button", async () => {
    const stored = [member()];
    const link = "http://127.0.0.1:8080/invitation#token=secret-shown-once";
    const requests = stubFetch(async (request) => {
      if (pathOf(request) !== "POST /api/v1/users") return json({ items: stored });
      stored.push(colleague);
      return json({ user: colleague, invitation_url: link, expires_at: "2026-12-05T10:00:00Z" }, 201);
    });
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Invite a member" });
    await user.type(within(form).getByLabelText("Email"), "nino@demo.test");
    await user.type(within(form).getByLabelText("Name (optional)"), "Nino Beridze");
    await user.selectOptions(within(form).getByLabelText("Role"), "viewer");
    await user.click(within(form).getByRole("button", { name: "Invite a member" }));
    expect(await screen.findByTestId("invitation-url")).toHaveTextContent(link);
    const post = requests.find((request) => pathOf(request) === "POST /api/v1/users")!;
    expect(await post.json()).toEqual({ email: "nino@demo.test", name: "Nino Beridze", role: "viewer" });
    await user.click(screen.getByRole("button", { name: "Copy" }));
    expect(await screen.findByText("Copied")).toBeInTheDocument();
    // user-event stands in for the clipboard.
    expect(await navigator.clipboard.readText()).toBe(link);
    await user.click(screen.getAllByRole("button", { name: "Close" })[0]!);
    expect(screen.queryByText(link)).not.toBeInTheDocument();
    expect(await screen.findAllByTestId("member")).toHaveLength(2);
  }, 20_000);

  it("shows the server's reason when the e-mail is already a member", async () => {
    stubFetch((request) => (request.method === "POST" ? problem(409, "a user with this e-mail already exists") : json({ items: [member()] })));
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    const form = await screen.findByRole("form", { name: "Invite a member" });
    await user.type(within(form).getByLabelText("Email"), "admin@demo.test");
    await user.click(within(form).getByRole("button", { name: "Invite a member" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("a user with this e-mail already exists");
    expect(screen.queryByTestId("invitation-url")).not.toBeInTheDocument();
  }, 20_000);

  it("changes a member's role", async () => {
    const requests = stubFetch((request) =>
      request.method === "PATCH" ? json({ ...colleague, role: "viewer" }) : json({ items: [member(), colleague] }),
    );
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByRole("combobox", { name: "Role of Nino Beridze" }), "viewer");
    await vi.waitFor(() => expect(requests.some((request) => request.method === "PATCH")).toBe(true));
    const patch = requests.find((request) => request.method === "PATCH")!;
    expect(new URL(patch.url).pathname).toBe("/api/v1/users/u-nino");
    expect(await patch.json()).toEqual({ role: "viewer" });
  }, 20_000);

  it("shows the server's 409 when the last admin would be demoted", async () => {
    stubFetch((request) =>
      request.method === "PATCH"
        ? problem(409, "the company needs at least one active admin")
        : json({ items: [member(), colleague] }),
    );
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    const select = await screen.findByRole("combobox", { name: "Role of Demo Admin" });
    await user.selectOptions(select, "operator");
    const row = screen.getAllByTestId("member")[0]!;
    expect(await within(row).findByRole("alert")).toHaveTextContent("the company needs at least one active admin");
    expect(select).toHaveValue("admin");
  }, 20_000);

  it("shows the server's 409 when the last admin would be deactivated, after asking", async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    const requests = stubFetch((request) =>
      request.method === "PATCH" ? problem(409, "the company needs at least one active admin") : json({ items: [member()] }),
    );
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Deactivate" }));
    expect(confirm).toHaveBeenCalledWith("Deactivate Demo Admin? They will no longer be able to sign in.");
    expect(await screen.findByRole("alert")).toHaveTextContent("the company needs at least one active admin");
    expect(await requests.find((request) => request.method === "PATCH")!.json()).toEqual({ active: false });
  }, 20_000);

  it("sends nothing when the admin does not confirm a deactivation", async () => {
    vi.spyOn(window, "confirm").mockReturnValue(false);
    const requests = stubFetch(() => json({ items: [member(), colleague] }));
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    await user.click((await screen.findAllByRole("button", { name: "Deactivate" }))[1]!);
    expect(requests.every((request) => request.method === "GET")).toBe(true);
  }, 20_000);

  it("reactivates a deactivated member", async () => {
    const gone = member({ id: "u-old", name: "Old Viewer", email: "old@demo.test", role: "viewer", status: "deactivated" });
    const requests = stubFetch((request) => (request.method === "PATCH" ? json({ ...gone, status: "active" }) : json({ items: [gone] })));
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Reactivate" }));
    await vi.waitFor(() => expect(requests.some((request) => request.method === "PATCH")).toBe(true));
    expect(await requests.find((request) => request.method === "PATCH")!.json()).toEqual({ active: true });
  }, 20_000);

  it("invites again with a new link, and shows why the server refuses", async () => {
    let refuse = false;
    stubFetch((request) => {
      if (pathOf(request) !== "POST /api/v1/users/u-nino/invitation") return json({ items: [member(), colleague] });
      if (refuse) return problem(409, "the member already set a password");
      return json({ user: colleague, invitation_url: "http://127.0.0.1:8080/invitation#token=second", expires_at: "2026-12-05T10:00:00Z" }, 201);
    });
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Invite again" }));
    expect(await screen.findByTestId("invitation-url")).toHaveTextContent("#token=second");
    await user.click(screen.getAllByRole("button", { name: "Close" })[0]!);
    refuse = true;
    await user.click(screen.getByRole("button", { name: "Invite again" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("the member already set a password");
  }, 20_000);

  it("resets a member's two-factor sign-in after asking, and offers it only to members who have it", async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(true);
    const enrolled = member({ ...colleague, status: "active", mfa_enabled: true });
    const requests = stubFetch((request) =>
      request.method === "DELETE" ? new Response(null, { status: 204 }) : json({ items: [member(), enrolled] }),
    );
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    const rows = await screen.findAllByTestId("member");
    expect(within(rows[0]!).queryByRole("button", { name: "Reset two-factor" })).not.toBeInTheDocument();
    await user.click(within(rows[1]!).getByRole("button", { name: "Reset two-factor" }));
    expect(confirm).toHaveBeenCalledWith(
      "Turn off two-factor sign-in for Nino Beridze? They will sign in with their password alone until they set it up again.",
    );
    await vi.waitFor(() => expect(requests.some((request) => pathOf(request) === "DELETE /api/v1/users/u-nino/mfa")).toBe(true));
  }, 20_000);

  it("sends nothing when the admin does not confirm a reset, and shows the server's refusal of one", async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValue(false);
    const requests = stubFetch((request) =>
      request.method === "DELETE" ? problem(404, "no such member") : json({ items: [member({ mfa_enabled: true })] }),
    );
    renderWithProviders(<TeamManager />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Reset two-factor" }));
    expect(requests.every((request) => request.method === "GET")).toBe(true);
    confirm.mockReturnValue(true);
    await user.click(screen.getByRole("button", { name: "Reset two-factor" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("no such member");
  }, 20_000);
});
