ALTER TABLE attempts DROP COLUMN ip_country;
ALTER TABLE sessions DROP COLUMN ip_country;
