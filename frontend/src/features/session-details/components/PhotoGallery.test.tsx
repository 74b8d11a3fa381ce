import { describe, expect, it } from "vitest";
import { inDisplayOrder } from "./PhotoGallery";

describe("inDisplayOrder", () => {
  it("puts an ID card's front before its back, then the selfie and the liveness frames", () => {
    const photo = (kind: string) => ({ kind, url: `/p/${kind}`, content_type: "image/jpeg", size_bytes: 1 });
    const kinds = inDisplayOrder(["liveness_2", "selfie", "document_back", "liveness_1", "document_front"].map(photo)).map((p) => p.kind);
    expect(kinds).toEqual(["document_front", "document_back", "selfie", "liveness_1", "liveness_2"]);
  });
});
