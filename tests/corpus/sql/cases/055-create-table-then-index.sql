-- reason: indexes on a table created in the same file are instant
-- expect: none
CREATE TABLE audit (id BIGINT PRIMARY KEY, actor TEXT, at TIMESTAMPTZ);
CREATE INDEX audit_actor_idx ON audit (actor);
ALTER TABLE audit ADD CONSTRAINT audit_actor_nn CHECK (actor IS NOT NULL);
