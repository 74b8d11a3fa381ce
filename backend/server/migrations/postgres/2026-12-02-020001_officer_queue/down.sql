DROP INDEX sessions_company_updated;
DROP TABLE session_assignments;
