-- Two-factor login (kyc_domain::accounts::{totp, recovery_codes, second_factor}).
-- A user's TOTP secret, sealed with their company's data key (it must be read back to check a
-- code, so it is encrypted, not hashed); pending until a first code confirms it. `last_step`
-- is the time step of the last accepted code: no code of that step or earlier works again.
CREATE TABLE totp_credentials (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users(id),
    sealed_secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    last_step BIGINT
);

-- Single-use recovery codes, only their HMAC-SHA-256 stored.
CREATE TABLE recovery_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Between a right password and the second factor (purpose `login`), or the enrolment a
-- company's require_mfa imposes (purpose `enrolment`): only the token's SHA-256 is stored.
CREATE TABLE mfa_challenges (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    purpose TEXT NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    failed_attempts INTEGER NOT NULL,
    completed_at TIMESTAMP
);
CREATE INDEX mfa_challenges_user ON mfa_challenges (user_id);
