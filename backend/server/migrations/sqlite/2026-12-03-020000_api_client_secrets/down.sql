DROP INDEX api_clients_company;
ALTER TABLE api_clients DROP COLUMN previous_secret_expires_at;
ALTER TABLE api_clients DROP COLUMN previous_secret_hash;
ALTER TABLE api_clients DROP COLUMN revoked_at;
ALTER TABLE api_clients DROP COLUMN last_used_at;
ALTER TABLE api_clients DROP COLUMN created_by;
