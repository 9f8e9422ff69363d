-- reason: serial (int4) ids run out
-- expect: migration-prefer-bigint
CREATE TABLE widgets (id SERIAL PRIMARY KEY, name TEXT);
