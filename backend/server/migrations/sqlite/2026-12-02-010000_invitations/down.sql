DROP INDEX companies_name_unique;
DROP TABLE invitations;
