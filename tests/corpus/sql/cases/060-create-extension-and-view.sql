-- reason: no table locks on existing data
-- expect: none
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE VIEW active_users AS SELECT id, email FROM users WHERE deleted_at IS NULL;
