-- Lists the server fetches by URL (KYC_LIST_SOURCES): the validators their servers last sent,
-- the digest of the version imported, and the last check, success, change and error. No URL is
-- stored (it may hold a publisher's key); the configuration has it.
CREATE TABLE list_sources (
    name TEXT PRIMARY KEY NOT NULL,
    source_format TEXT NOT NULL,
    validators_json TEXT NOT NULL,
    content_sha256 TEXT,
    last_checked_at TIMESTAMP,
    last_success_at TIMESTAMP,
    last_changed_at TIMESTAMP,
    last_error TEXT,
    last_error_at TIMESTAMP
);
