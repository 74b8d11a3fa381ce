import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { json, renderWithProviders, stubFetch } from "../../../test/render";
import { WebhooksManager } from "./WebhooksManager";

afterEach(() => vi.unstubAllGlobals());

const webhook = (overrides: Partial<Schemas["WebhookView"]> = {}): Schemas["WebhookView"] => ({
  id: "w-1",
  url: "https://hooks.acme.example/kyc",
  events: ["session.status_changed"],
  enabled: true,
  disabled_reason: null,
  disabled_at: null,
  last_success_at: null,
  previous_secret_expires_at: null,
  created_at: "2026-12-01T10:00:00Z",
  updated_at: "2026-12-01T10:00:00Z",
  ...overrides,
});

describe("WebhooksManager", () => {
  it("shows why the server disabled an endpoint", async () => {
    stubFetch(() => json({ items: [webhook({ enabled: false, disabled_reason: "the endpoint answered 410 Gone" })] }));
    renderWithProviders(<WebhooksManager />);
    const endpoint = await screen.findByTestId("webhook");
    expect(within(endpoint).getByText("Disabled")).toBeInTheDocument();
    expect(endpoint).toHaveTextContent("Disabled by the server: the endpoint answered 410 Gone");
    expect(within(endpoint).getByRole("button", { name: "Send test event" })).toBeDisabled();
  }, 20_000);

  it("adds an endpoint and shows its secret once", async () => {
    const stored: Schemas["WebhookView"][] = [];
    const requests = stubFetch((request) => {
      if (request.method !== "POST") return json({ items: stored });
      stored.push(webhook());
      return json({ ...webhook(), secret: "whsec_c2VjcmV0LXNob3duLW9uY2UtdG8tdGhlLWFkbWlu" }, 201);
    });
    renderWithProviders(<WebhooksManager />);
    const user = userEvent.setup();
    await user.type(await screen.findByRole("textbox", { name: "URL" }), "https://hooks.acme.example/kyc");
    await user.click(screen.getByRole("checkbox", { name: "session.decision_made" }));
    await user.click(screen.getByRole("button", { name: "Add endpoint" }));
    expect(await screen.findByTestId("webhook-secret")).toHaveTextContent("whsec_c2VjcmV0LXNob3duLW9uY2UtdG8tdGhlLWFkbWlu");
    const post = requests.find((request) => request.method === "POST")!;
    expect(await post.json()).toEqual({
      url: "https://hooks.acme.example/kyc",
      events: ["session.status_changed", "session.decision_made"],
      enabled: true,
    });
    await user.click(screen.getAllByRole("button", { name: "Close" })[0]!);
    expect(screen.queryByText(/whsec_/)).not.toBeInTheDocument();
    expect(await screen.findByTestId("webhook")).toHaveTextContent("https://hooks.acme.example/kyc");
  }, 20_000);
});
