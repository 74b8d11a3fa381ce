-- Invitations: the one-time link with which an invited team member sets their password.
-- Only the SHA-256 of the token is stored. A user who has not accepted yet has an empty
-- password_hash, which no password matches.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    company_id TEXT NOT NULL REFERENCES companies(id),
    token_hash TEXT NOT NULL UNIQUE,
    invited_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX invitations_user ON invitations (user_id);

-- A company's name names it once: `companies create` is idempotent on it.
CREATE UNIQUE INDEX companies_name_unique ON companies (name);
