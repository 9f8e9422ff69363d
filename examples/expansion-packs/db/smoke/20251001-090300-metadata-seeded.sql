-- Runs before the commit of 20251001-090300: the schema version must be recorded.
SELECT COUNT(*) = 1 FROM metadata WHERE key = 'schema_version';
