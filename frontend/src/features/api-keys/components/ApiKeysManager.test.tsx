import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiProblem } from "../../../api/client";
import { renderWithProviders } from "../../../test/render";
import type { ApiClient, ApiClientActions } from "../types";
import { ApiKeysManager } from "./ApiKeysManager";

afterEach(() => vi.restoreAllMocks());

const client = (overrides: Partial<ApiClient> = {}): ApiClient => ({
  id: "demo-bank-server",
  name: "Core banking",
  client_id: "demo-bank-server",
  created_at: "2026-12-01T10:00:00Z",
  last_used_at: null,
  revoked_at: null,
  previous_secret_expires_at: null,
  ...overrides,
});

function actions(overrides: Partial<ApiClientActions> = {}): ApiClientActions {
  return {
    create: vi.fn(async (name: string) => ({ ...client({ id: "new", client_id: "new", name }), client_secret: "kyc_cs_created-once" })),
    rotate: vi.fn(async () => ({ ...client(), client_secret: "kyc_cs_rotated-once" })),
    revoke: vi.fn(async () => undefined),
    ...overrides,
  };
}

describe("ApiKeysManager", () => {
  it("lists the keys with their last use, and no actions for a revoked one", () => {
    renderWithProviders(
      <ApiKeysManager
        clients={[client({ last_used_at: "2026-12-02T09:30:00Z" }), client({ id: "old", client_id: "old", name: "Old server", revoked_at: "2026-12-01T12:00:00Z" })]}
        actions={actions()}
      />,
    );
    const [live, gone] = screen.getAllByTestId("api-key");
    expect(live).toHaveTextContent("Active");
    expect(live).not.toHaveTextContent("Never");
    expect(within(live!).getByRole("button", { name: "Rotate secret" })).toBeInTheDocument();
    expect(gone).toHaveTextContent("Revoked");
    expect(gone).toHaveTextContent("Never");
    expect(within(gone!).queryByRole("button")).not.toBeInTheDocument();
  }, 20_000);

  it("creates a key and shows its secret once, with a Copy button", async () => {
    const given = actions();
    renderWithProviders(<ApiKeysManager clients={[]} actions={given} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Name"), "Core banking, staging");
    await user.click(screen.getByRole("button", { name: "Create API key" }));
    expect(given.create).toHaveBeenCalledWith("Core banking, staging");
    expect(await screen.findByTestId("client-secret")).toHaveTextContent("kyc_cs_created-once");
    expect(screen.getByRole("button", { name: "Copy" })).toBeInTheDocument();
    await user.click(screen.getAllByRole("button", { name: "Close" })[0]!);
    expect(screen.queryByText("kyc_cs_created-once")).not.toBeInTheDocument();
  }, 20_000);

  it("rotates with the chosen grace period and shows the new secret", async () => {
    const given = actions();
    renderWithProviders(<ApiKeysManager clients={[client()]} actions={given} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Rotate secret" }));
    await user.selectOptions(screen.getByLabelText("Keep the previous secret working for"), "72");
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Rotate secret" }));
    expect(given.rotate).toHaveBeenCalledWith("demo-bank-server", 72);
    expect(await screen.findByTestId("client-secret")).toHaveTextContent("kyc_cs_rotated-once");
  }, 20_000);

  it("shows the server's refusal of a rotation in the dialog", async () => {
    const given = actions({ rotate: vi.fn().mockRejectedValue(new ApiProblem(409, "the client is revoked")) });
    renderWithProviders(<ApiKeysManager clients={[client()]} actions={given} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Rotate secret" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Rotate secret" }));
    expect(await within(screen.getByRole("dialog")).findByRole("alert")).toHaveTextContent("the client is revoked");
    expect(screen.queryByTestId("client-secret")).not.toBeInTheDocument();
  }, 20_000);

  it("revokes only after asking", async () => {
    const confirm = vi.spyOn(window, "confirm").mockReturnValueOnce(false).mockReturnValueOnce(true);
    const given = actions();
    renderWithProviders(<ApiKeysManager clients={[client()]} actions={given} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Revoke" }));
    expect(given.revoke).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Revoke" }));
    expect(confirm).toHaveBeenLastCalledWith("Revoke Core banking? Its secret stops working and its tokens are refused at once.");
    expect(given.revoke).toHaveBeenCalledWith("demo-bank-server");
  }, 20_000);

  it("shows the server's reason when a name is refused", async () => {
    const given = actions({ create: vi.fn().mockRejectedValue(new ApiProblem(422, "name: must not be empty")) });
    renderWithProviders(<ApiKeysManager clients={[]} actions={given} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Name"), " x");
    await user.click(screen.getByRole("button", { name: "Create API key" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("name: must not be empty");
  }, 20_000);
});
