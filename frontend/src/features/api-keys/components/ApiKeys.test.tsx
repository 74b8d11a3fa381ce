import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { setToken } from "../../../lib/auth";
import { json, problem, renderWithProviders, stubFetch, tokenFor } from "../../../test/render";
import { ApiKeys } from "./ApiKeys";

beforeEach(() => setToken(tokenFor({ role: "admin" })));
afterEach(() => {
  vi.unstubAllGlobals();
  setToken(null);
});

const server: Schemas["ApiClientView"] = { id: "core", client_id: "core", name: "Core banking", created_at: "2026-12-01T10:00:00Z" };
const pathOf = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;

describe("ApiKeys", () => {
  it("lists the company's keys from the server and creates one, showing its secret once", async () => {
    const stored = [server];
    const requests = stubFetch(async (request) => {
      if (pathOf(request) !== "POST /api/v1/api-clients") return json({ items: stored });
      const created = { ...server, id: "new", client_id: "new", name: "Mobile backend" };
      stored.push(created);
      return json({ ...created, client_secret: "kyc_cs_once" }, 201);
    });
    renderWithProviders(<ApiKeys />);
    expect(await screen.findByTestId("api-key")).toHaveTextContent("Core banking");
    const user = userEvent.setup();
    const form = screen.getByRole("form", { name: "Create API key" });
    await user.type(within(form).getByLabelText("Name"), "Mobile backend");
    await user.click(within(form).getByRole("button", { name: "Create API key" }));
    expect(await screen.findByTestId("client-secret")).toHaveTextContent("kyc_cs_once");
    const post = requests.find((request) => pathOf(request) === "POST /api/v1/api-clients")!;
    expect(await post.json()).toEqual({ name: "Mobile backend" });
    expect(await screen.findAllByTestId("api-key")).toHaveLength(2);
  }, 20_000);

  it("shows the server's problem when the list cannot be read", async () => {
    stubFetch(() => problem(403, "Only a company's admins manage its API clients."));
    renderWithProviders(<ApiKeys />);
    expect(await screen.findByText("Only a company's admins manage its API clients.")).toBeInTheDocument();
  });
});
