CREATE TABLE login_failures (
    id TEXT PRIMARY KEY NOT NULL,
    key_hash TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key_hash, at);
DROP TABLE login_throttles;
