-- reason: comments are catalog-only
-- expect: none
COMMENT ON COLUMN users.email IS 'primary contact';
