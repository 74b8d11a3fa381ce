import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, problem, renderWithProviders, stubFetch } from "../../../test/render";
import { DecisionDialog } from "./DecisionDialog";

afterEach(() => vi.unstubAllGlobals());

const taxonomy = {
  groups: [
    { id: "spam", label: "Spam", reasons: [{ id: "spam", label: "Spam" }] },
    {
      id: "data_mismatch",
      label: "Data mismatch",
      reasons: [
        { id: "full_name_mismatch", label: "Full name" },
        { id: "mrz_issue", label: "MRZ issue" },
      ],
    },
  ],
};

const decided = {
  status: "rejected",
  outcome: "status_changed",
  note: { id: "n", author: { id: "u", name: "Op" }, body: "", kind: "rejection", reasons: ["mrz_issue"], created_at: "2026-11-20T10:00:00Z" },
};

function serve(decision = () => json(decided)) {
  return stubFetch((request) => (new URL(request.url).pathname.endsWith("/decision") ? decision() : json(taxonomy)));
}

describe("DecisionDialog", () => {
  it("groups the rejection reasons as the taxonomy does", async () => {
    serve();
    renderWithProviders(<DecisionDialog sessionId="s-1" decision="reject" onClose={() => {}} onDecided={() => {}} />);
    expect(await screen.findByRole("group", { name: "Data mismatch" })).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "MRZ issue" })).toBeInTheDocument();
  });

  it("will not reject without a reason", async () => {
    serve();
    renderWithProviders(<DecisionDialog sessionId="s-1" decision="reject" onClose={() => {}} onDecided={() => {}} />);
    await screen.findByRole("checkbox", { name: "MRZ issue" });
    expect(screen.getByRole("button", { name: "Reject session" })).toBeDisabled();
  });

  it("sends the chosen reasons and the note", async () => {
    const requests = serve();
    const onDecided = vi.fn();
    renderWithProviders(<DecisionDialog sessionId="s-1" decision="reject" onClose={() => {}} onDecided={onDecided} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("checkbox", { name: "MRZ issue" }));
    await user.type(screen.getByRole("textbox", { name: "Note" }), "Check digit is wrong");
    await user.click(screen.getByRole("button", { name: "Reject session" }));
    await vi.waitFor(() => expect(onDecided).toHaveBeenCalledWith(decided));
    const post = requests.find((request) => request.method === "POST")!;
    expect(await post.json()).toEqual({ decision: "reject", note: "Check digit is wrong", reasons: ["mrz_issue"] });
  });

  it("verifies with an optional note and no reasons", async () => {
    const requests = serve(() => json({ ...decided, status: "verified" }));
    renderWithProviders(<DecisionDialog sessionId="s-1" decision="approve" onClose={() => {}} onDecided={() => {}} />);
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Verify session" }));
    await vi.waitFor(() => expect(requests.some((request) => request.method === "POST")).toBe(true));
    expect(await requests.find((request) => request.method === "POST")!.json()).toEqual({ decision: "approve", note: "", reasons: [] });
  });

  it("shows the server's reason when the decision is refused", async () => {
    serve(() => problem(409, "the second approval must come from another operator than the first"));
    renderWithProviders(<DecisionDialog sessionId="s-1" decision="approve" onClose={() => {}} onDecided={() => {}} />);
    await userEvent.click(screen.getByRole("button", { name: "Verify session" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("the second approval must come from another operator than the first");
  });

  it("labels the reasons in Georgian for Georgian users", async () => {
    serve();
    renderWithProviders(<DecisionDialog sessionId="s-1" decision="reject" onClose={() => {}} onDecided={() => {}} />, { language: "ka" });
    expect(await screen.findByRole("checkbox", { name: "MRZ-ის პრობლემა" })).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "მონაცემების შეუსაბამობა" })).toBeInTheDocument();
  });
});
