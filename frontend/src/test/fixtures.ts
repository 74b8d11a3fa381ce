import type { Schemas } from "../api/client";

export function sessionSummary(overrides: Partial<Schemas["SessionSummary"]> = {}): Schemas["SessionSummary"] {
  return {
    id: "0190a1b2-0000-7000-8000-000000000001",
    external_id: "flow-1",
    status: "awaiting_action",
    created_at: "2026-11-20T09:14:03Z",
    first_name: "LEVAN",
    last_name: "LOMIDZE",
    document_type: "passport",
    document_number: "RK5533812",
    personal_number: "40641251132",
    nationality: "GEO",
    verified: false,
    document_valid: false,
    liveness_passed: true,
    face_match_level: 5,
    document_real: true,
    full_document_detected: true,
    pep_status: "clear",
    ...overrides,
  };
}

export function sessionDetails(overrides: Partial<Schemas["SessionDetails"]> = {}): Schemas["SessionDetails"] {
  return {
    id: "0190a1b2-0000-7000-8000-000000000001",
    external_id: "flow-1",
    status: "awaiting_action",
    company: { id: "c-1", name: "Demo Bank" },
    created_at: "2026-11-20T09:14:03Z",
    updated_at: "2026-11-20T09:16:41Z",
    summary: {
      first_name: "ANNA MARIA",
      last_name: "ERIKSSON",
      document_number: "L898902C3",
      personal_number: "ZE184226B",
      sex: "female",
      birth_date: "1974-08-12",
      expiration_date: "2032-04-15",
      nationality: "UTO",
      document_type: "passport",
      issuing_state: "UTO",
    },
    verification: {
      verified: false,
      liveness_passed: true,
      document_valid: false,
      face_match: { level: 6, far: "1/100000" },
      id_spoof: { document_real: true, full_document_detected: false },
    },
    customer_activity: {
      user_agent: { raw: "Mozilla/5.0", device_name: "Apple iPhone", device_type: "mobile", browser: "Mobile Safari 17.4", os: "iOS 17.4" },
      session_id: "0190a1b2-0000-7000-8000-000000000001",
      client_ip: "203.0.113.7",
      ip_country: "GE",
      started_at: "2026-11-20T09:14:03Z",
      finished_at: "2026-11-20T09:16:41Z",
      liveness_finished: true,
      document_finished: true,
      attempts: 1,
    },
    pep: { status: "clear", matches_count: 0 },
    extra_fields: [{ name: "phone", value: "+995 555 12 34 56" }],
    notes_count: 0,
    photos: [],
    mrz: ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"],
    mrz_valid: false,
    redacted_at: null,
    redacted_by: null,
    ...overrides,
  };
}
