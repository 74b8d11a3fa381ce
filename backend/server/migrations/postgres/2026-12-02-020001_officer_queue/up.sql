-- Who is working on a session (the officer's queue): at most one holder per session; a hold
-- lapses after 30 idle minutes (kyc_domain::session::assignment), so a stale row means "free".
CREATE TABLE session_assignments (
    session_id TEXT PRIMARY KEY NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    taken_at TIMESTAMP NOT NULL,
    active_at TIMESTAMP NOT NULL
);
-- Polling integrators read changes in updated_at order; the queue reads the oldest first.
CREATE INDEX sessions_company_updated ON sessions (company_id, updated_at, id);
