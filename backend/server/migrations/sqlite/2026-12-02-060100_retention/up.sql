-- Retention: each company's policy, each session's retention marks, legal holds, deletion
-- certificates and the purge job's lease. None of these tables holds personal data.
CREATE TABLE retention_policies (
    company_id TEXT PRIMARY KEY NOT NULL REFERENCES companies(id),
    verified_days INTEGER NOT NULL,
    rejected_days INTEGER NOT NULL,
    not_finished_days INTEGER NOT NULL,
    awaiting_action_overdue_days INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One row per session with a retention mark: the reported end of the customer relationship, an
-- erasure waiting for its second admin, and the redaction once done.
CREATE TABLE session_retention (
    session_id TEXT PRIMARY KEY NOT NULL REFERENCES sessions(id),
    company_id TEXT NOT NULL REFERENCES companies(id),
    relationship_ended_on TEXT,
    pending_erasure_json TEXT,
    redacted_at TIMESTAMP,
    redacted_by_json TEXT
);
CREATE INDEX session_retention_company ON session_retention (company_id, redacted_at);

-- Legal holds, current and lifted; a session has at most one current hold.
CREATE TABLE legal_holds (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    company_id TEXT NOT NULL REFERENCES companies(id),
    reason TEXT NOT NULL,
    placed_by TEXT NOT NULL,
    placed_by_name TEXT NOT NULL,
    placed_at TIMESTAMP NOT NULL,
    lifted_by TEXT,
    lifted_at TIMESTAMP
);
CREATE UNIQUE INDEX legal_holds_current ON legal_holds (session_id) WHERE lifted_at IS NULL;
CREATE INDEX legal_holds_company ON legal_holds (company_id, placed_at);

-- Deletion certificates: one per company and purge run, one per erasure.
CREATE TABLE deletion_certificates (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    authority TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    sessions_count INTEGER NOT NULL,
    digest TEXT NOT NULL,
    certificate_json TEXT NOT NULL
);
CREATE INDEX deletion_certificates_company ON deletion_certificates (company_id, issued_at);

-- Which process runs the purge job, until when: one replica at a time.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
