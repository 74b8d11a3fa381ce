-- Each company's data keys for its photos, stored only wrapped (AES-256-GCM) under the master
-- key from KYC_MASTER_KEY. Deleting a company's rows makes its photos unreadable at once.
CREATE TABLE data_keys (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    wrapped_key TEXT NOT NULL,
    master_fingerprint TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX data_keys_company ON data_keys (company_id, created_at);
