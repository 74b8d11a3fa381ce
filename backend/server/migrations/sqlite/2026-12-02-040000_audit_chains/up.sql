-- Audit v2: one keyed hash chain per company and one for the platform (kyc_domain::audit::v2).
-- Each event names its chain; `seq` counts within the chain. The v1 events stay exactly as they
-- were, every column and number, on the chain named 'v1', which nothing appends to again; its
-- head row (audit_chain_head) is frozen too. The server seals the v1 head into the keyed chains
-- at its first start after this migration (it needs the chain key, which SQL does not have).
-- SQLite cannot change a primary key in place, so the table is rebuilt with its rows copied.
CREATE TABLE audit_events_by_chain (
    chain TEXT NOT NULL,
    seq BIGINT NOT NULL,
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
    hash TEXT NOT NULL,
    PRIMARY KEY (chain, seq)
);
INSERT INTO audit_events_by_chain
    (chain, seq, id, company_id, actor_id, actor_kind, action, target_type, target_id, outcome, ip, at, prev_hash, hash)
    SELECT 'v1', seq, id, company_id, actor_id, actor_kind, action, target_type, target_id, outcome, ip, at, prev_hash, hash
    FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_by_chain RENAME TO audit_events;
CREATE INDEX audit_company_at ON audit_events (company_id, at);
CREATE INDEX audit_target ON audit_events (target_id);
-- The activity log pages newest first by event id (UUID v7, ordered by time).
CREATE INDEX audit_company_id_order ON audit_events (company_id, id);

-- The head of each v2 chain: its newest event's seq and hash. Appends lock it, so a chain
-- never forks, and chains never wait on each other.
CREATE TABLE audit_chains (
    chain TEXT PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
