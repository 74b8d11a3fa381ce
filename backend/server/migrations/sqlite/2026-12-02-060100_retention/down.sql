DROP TABLE job_leases;
DROP TABLE deletion_certificates;
DROP TABLE legal_holds;
DROP TABLE session_retention;
DROP TABLE retention_policies;
