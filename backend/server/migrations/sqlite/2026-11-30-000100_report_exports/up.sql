-- One row per exported PDF report: the verification code printed on it and the SHA-256 of the
-- canonical session record it printed. No foreign key to sessions: an export outlives its
-- session, so that verifying its code can still say the session is gone.
CREATE TABLE report_exports (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    record_hash TEXT NOT NULL,
    language TEXT NOT NULL,
    generated_by TEXT NOT NULL,
    generated_by_name TEXT NOT NULL,
    generated_at TIMESTAMP NOT NULL,
    pages INTEGER NOT NULL,
    size_bytes BIGINT NOT NULL
);
CREATE INDEX report_exports_session ON report_exports (session_id, generated_at);
