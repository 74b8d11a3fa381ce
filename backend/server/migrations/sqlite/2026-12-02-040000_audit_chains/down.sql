-- Back to the single v1 chain: the v2 events cannot join it (they are keyed), so they go.
DROP TABLE audit_chains;
CREATE TABLE audit_events_v1 (
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
INSERT INTO audit_events_v1
    SELECT seq, id, company_id, actor_id, actor_kind, action, target_type, target_id, outcome, ip, at, prev_hash, hash
    FROM audit_events WHERE chain = 'v1';
DROP TABLE audit_events;
ALTER TABLE audit_events_v1 RENAME TO audit_events;
CREATE INDEX audit_company_at ON audit_events (company_id, at);
CREATE INDEX audit_target ON audit_events (target_id);
