import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render";
import { sessionSummary } from "../../../test/fixtures";
import { SessionsTable } from "./SessionsTable";

describe("SessionsTable", () => {
  it("shows each session's name as a link to its details", () => {
    const session = sessionSummary();
    renderWithProviders(<SessionsTable sessions={[session]} />);
    expect(screen.getByRole("link", { name: "LEVAN LOMIDZE" })).toHaveAttribute("href", `/sessions/${session.id}`);
  });

  it("colours the status badge by status", () => {
    renderWithProviders(
      <SessionsTable sessions={[sessionSummary({ id: "a", status: "verified" }), sessionSummary({ id: "b", status: "rejected" })]} />,
    );
    expect(screen.getByText("Verified")).toHaveClass("badge--success");
    expect(screen.getByText("Rejected")).toHaveClass("badge--danger");
  });

  it("marks failed checks and a low face-match level", () => {
    renderWithProviders(<SessionsTable sessions={[sessionSummary({ document_valid: false, face_match_level: 2 })]} />);
    const row = screen.getAllByRole("row")[1]!;
    expect(within(row).getByText("Document").closest("li")).toHaveClass("check--fail");
    expect(within(row).getByText("Liveness").closest("li")).toHaveClass("check--ok");
    expect(within(row).getByText("Face match level 2").closest("li")).toHaveClass("check--fail");
  });

  it("shows steps the customer has not finished as not done, never as ticks", () => {
    renderWithProviders(
      <SessionsTable sessions={[sessionSummary({ status: "not_finished", liveness_finished: false, document_finished: false, liveness_passed: true })]} />,
    );
    const row = screen.getAllByRole("row")[1]!;
    expect(within(row).getByText("Liveness: not done").closest("li")).toHaveClass("check--unknown");
    expect(within(row).getByText("Document: not done").closest("li")).toHaveClass("check--unknown");
    expect(within(row).queryByText("✓")).toBeNull();
  });

  it("tags the status with its reason and badges a screening match", () => {
    renderWithProviders(<SessionsTable sessions={[sessionSummary({ pep_status: "potential_match" })]} />);
    const row = screen.getAllByRole("row")[1]!;
    expect(within(row).getByText("Document expired")).toHaveAttribute("title", "the document has expired");
    expect(within(row).getByText("Potential match")).toHaveClass("badge--danger");
  });

  it("speaks Georgian when the language is Georgian", () => {
    renderWithProviders(<SessionsTable sessions={[sessionSummary({ status: "awaiting_action", document_type: "id_card" })]} />, {
      language: "ka",
    });
    expect(screen.getByText("მოქმედების მოლოდინში")).toBeInTheDocument();
    expect(screen.getByText("პირადობის მოწმობა")).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "პირადი ნომერი" })).toBeInTheDocument();
  });

  it("moves the focus between rows with the arrow keys", async () => {
    const user = userEvent.setup();
    renderWithProviders(
      <SessionsTable
        sessions={[sessionSummary({ id: "a", first_name: "ANA" }), sessionSummary({ id: "b", first_name: "BESO" })]}
      />,
    );
    screen.getByRole("link", { name: /ANA/ }).focus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("link", { name: /BESO/ })).toHaveFocus();
    await user.keyboard("{ArrowUp}");
    expect(screen.getByRole("link", { name: /ANA/ })).toHaveFocus();
  });
});
