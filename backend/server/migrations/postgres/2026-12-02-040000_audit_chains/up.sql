-- Audit v2: one keyed hash chain per company and one for the platform (kyc_domain::audit::v2).
-- Each event names its chain; `seq` counts within the chain. The v1 events stay exactly as they
-- were, every column and number, on the chain named 'v1', which nothing appends to again; its
-- head row (audit_chain_head) is frozen too. The server seals the v1 head into the keyed chains
-- at its first start after this migration (it needs the chain key, which SQL does not have).
ALTER TABLE audit_events ADD COLUMN chain TEXT NOT NULL DEFAULT 'v1';
ALTER TABLE audit_events ALTER COLUMN chain DROP DEFAULT;
ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey;
ALTER TABLE audit_events ADD PRIMARY KEY (chain, seq);
-- The activity log pages newest first by event id (UUID v7, ordered by time).
CREATE INDEX audit_company_id_order ON audit_events (company_id, id);

-- The head of each v2 chain: its newest event's seq and hash. Appends lock it
-- (SELECT ... FOR UPDATE), so a chain never forks, and chains never wait on each other.
CREATE TABLE audit_chains (
    chain TEXT PRIMARY KEY NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
