import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, renderWithProviders, stubFetch } from "../../../test/render";
import { SettingsForm } from "./SettingsForm";

const stored = {
  min_face_match_level: 4,
  require_valid_document: true,
  full_mrz_validation: true,
  awaiting_action_queue: true,
  four_eyes_review: false,
  high_risk_nationalities: ["IRN"],
  high_risk_ip_countries: [],
  extra_fields: [{ name: "phone", label: "Phone", field_type: "phone", required: false }],
};

describe("SettingsForm", () => {
  it("saves the edited settings whole, with the typed country codes as a list", async () => {
    const sent: unknown[] = [];
    stubFetch(async (request) => {
      if (request.method !== "PUT") return json(stored);
      const body: unknown = await request.json();
      sent.push(body);
      return json(body);
    });
    renderWithProviders(<SettingsForm />);
    const fourEyes = await screen.findByRole("checkbox", { name: /Four-eyes review/ });
    await userEvent.click(fourEyes);
    const ip = screen.getByRole("textbox", { name: /High-risk IP countries/ });
    await userEvent.type(ip, "ir, kp");
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ four_eyes_review: true, high_risk_ip_countries: ["IR", "KP"], high_risk_nationalities: ["IRN"] });
    expect(await screen.findByRole("status")).toHaveTextContent("Saved.");
  });
});
