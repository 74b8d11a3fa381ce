-- Portable schema: ids are text (UUID v7 made by the app), timestamps are UTC TIMESTAMP,
-- JSON is TEXT. The PostgreSQL migration of the same name has the same tables and columns.
CREATE TABLE companies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    settings_json TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT REFERENCES companies(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_clients (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    external_id TEXT,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    document_type TEXT,
    first_name TEXT,
    last_name TEXT,
    document_number TEXT,
    personal_number TEXT,
    sex TEXT,
    birth_date TEXT,
    expiration_date TEXT,
    nationality TEXT,
    issuing_state TEXT,
    search_text TEXT NOT NULL DEFAULT '',
    verified BOOLEAN NOT NULL DEFAULT FALSE,
    liveness_passed BOOLEAN,
    document_valid BOOLEAN,
    face_match_level INTEGER,
    document_real BOOLEAN,
    full_document_detected BOOLEAN,
    mrz_lines TEXT,
    mrz_valid BOOLEAN,
    mrz_report_json TEXT,
    document_fields_json TEXT,
    user_agent_raw TEXT,
    device_name TEXT,
    device_type TEXT,
    browser TEXT,
    os TEXT,
    in_app_browser TEXT,
    user_agent_data_version TEXT,
    client_ip TEXT,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    liveness_finished BOOLEAN NOT NULL DEFAULT FALSE,
    document_finished BOOLEAN NOT NULL DEFAULT FALSE,
    attempts_count INTEGER NOT NULL DEFAULT 1,
    pep_status TEXT NOT NULL DEFAULT 'not_screened',
    pep_matches_count INTEGER NOT NULL DEFAULT 0,
    pep_result_json TEXT,
    screened_at TIMESTAMP,
    decision_trace_json TEXT,
    pending_approval_by TEXT
);
CREATE INDEX sessions_company_created ON sessions (company_id, created_at DESC, id DESC);
CREATE INDEX sessions_company_status ON sessions (company_id, status);
CREATE INDEX sessions_company_document_number ON sessions (company_id, document_number);
CREATE UNIQUE INDEX sessions_company_external_id ON sessions (company_id, external_id);

CREATE TABLE attempts (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    liveness_finished BOOLEAN NOT NULL DEFAULT FALSE,
    document_finished BOOLEAN NOT NULL DEFAULT FALSE,
    face_match_level INTEGER,
    liveness_passed BOOLEAN,
    document_valid BOOLEAN,
    mrz_valid BOOLEAN,
    user_agent_raw TEXT,
    device_name TEXT,
    device_type TEXT,
    browser TEXT,
    os TEXT,
    client_ip TEXT,
    payload_json TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, number)
);

CREATE TABLE photos (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, kind)
);

CREATE TABLE extra_field_values (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (session_id, name)
);

CREATE TABLE notes (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    reasons_json TEXT NOT NULL DEFAULT '[]',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notes_session ON notes (session_id, created_at);

-- Append-only, hash-chained. No personal data: ids, actions and IPs only.
CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY NOT NULL,
    id TEXT NOT NULL UNIQUE,
    company_id TEXT,
    actor_id TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    outcome TEXT NOT NULL,
    ip TEXT,
    at TIMESTAMP NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_company_at ON audit_events (company_id, at);
CREATE INDEX audit_target ON audit_events (target_id);

-- The head of the audit chain; its single row serialises appends on every backend.
CREATE TABLE audit_chain_head (
    id INTEGER PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Failed logins, keyed by a hash of (account, IP): enough to rate limit, nothing personal.
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY NOT NULL,
    key_hash TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key_hash, at);

-- Imported sanctions / PEP lists: one row per version; entries as JSON, one row each.
CREATE TABLE screening_lists (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    source_format TEXT NOT NULL,
    version TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    entry_count INTEGER NOT NULL,
    active BOOLEAN NOT NULL
);

CREATE TABLE screening_entries (
    list_id TEXT NOT NULL REFERENCES screening_lists(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    entry_json TEXT NOT NULL,
    PRIMARY KEY (list_id, entity_id)
);
