-- Webhooks: the transactional outbox (events written in the transaction of their change), the
-- companies' receiver endpoints, one delivery per event and endpoint, and every attempt made.
-- The PostgreSQL migration of the same name has the same tables and columns.

-- One row whose position counts the events: taking it serialises the transactions that write
-- events, so positions are in commit order and a reader paging by position never skips one.
CREATE TABLE webhook_feed_head (
    id INTEGER PRIMARY KEY NOT NULL,
    position BIGINT NOT NULL
);
INSERT INTO webhook_feed_head (id, position) VALUES (1, 0);

-- No foreign key to sessions: an event outlives a session that retention removes.
CREATE TABLE webhook_events (
    id TEXT PRIMARY KEY NOT NULL,
    position BIGINT NOT NULL UNIQUE,
    company_id TEXT NOT NULL REFERENCES companies(id),
    session_id TEXT,
    event_type TEXT NOT NULL,
    sequence BIGINT,
    occurred_at TIMESTAMP NOT NULL,
    body TEXT NOT NULL
);
CREATE UNIQUE INDEX webhook_events_session_sequence ON webhook_events (session_id, sequence);
CREATE INDEX webhook_events_company_position ON webhook_events (company_id, position);

CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    url TEXT NOT NULL,
    event_types TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_secret_until TIMESTAMP,
    disabled_reason TEXT,
    disabled_at TIMESTAMP,
    last_success_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_endpoints_company ON webhook_endpoints (company_id, created_at);

CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES webhook_events(id),
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL,
    session_id TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    lease_owner TEXT,
    first_attempt_at TIMESTAMP,
    last_attempt_at TIMESTAMP,
    last_status_code INTEGER,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);
CREATE INDEX webhook_deliveries_session ON webhook_deliveries (session_id, created_at);

CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    started_at TIMESTAMP NOT NULL,
    duration_ms BIGINT NOT NULL,
    status_code INTEGER,
    response_body TEXT,
    error TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, number);
