-- Back to the single v1 chain: the v2 events cannot join it (they are keyed), so they go.
DROP TABLE audit_chains;
DROP INDEX audit_company_id_order;
DELETE FROM audit_events WHERE chain <> 'v1';
ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey;
ALTER TABLE audit_events ADD PRIMARY KEY (seq);
ALTER TABLE audit_events DROP COLUMN chain;
