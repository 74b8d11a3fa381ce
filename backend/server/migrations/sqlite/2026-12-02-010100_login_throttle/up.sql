-- The login throttle (kyc_domain::accounts::login_throttle): one row per account and per client
-- address that failed recently, under a keyed hash. Rows past expires_at are deleted as logins
-- come in, so the table holds at most the last 15 minutes of failures. It replaces
-- login_failures, which kept a row per failure forever.
CREATE TABLE login_throttles (
    key_hash TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX login_throttles_expires_at ON login_throttles (expires_at);

DROP TABLE login_failures;
