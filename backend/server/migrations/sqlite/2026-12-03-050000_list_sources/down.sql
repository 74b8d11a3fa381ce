DROP TABLE list_sources;
