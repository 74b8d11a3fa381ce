-- The client IP's country (ISO 3166-1 alpha-2) as resolved at ingest, for sessions and each attempt.
ALTER TABLE sessions ADD COLUMN ip_country TEXT;
ALTER TABLE attempts ADD COLUMN ip_country TEXT;
