-- API keys managed by a company's admins: who made each, when it last got a token, when it was
-- revoked, and the secret a rotation replaced, accepted beside the new one until it expires.
ALTER TABLE api_clients ADD COLUMN created_by TEXT;
ALTER TABLE api_clients ADD COLUMN last_used_at TIMESTAMP;
ALTER TABLE api_clients ADD COLUMN revoked_at TIMESTAMP;
ALTER TABLE api_clients ADD COLUMN previous_secret_hash TEXT;
ALTER TABLE api_clients ADD COLUMN previous_secret_expires_at TIMESTAMP;
CREATE INDEX api_clients_company ON api_clients (company_id, created_at);
