-- reason: data backfill, no DDL lock
-- expect: none
UPDATE users SET display_name = name WHERE display_name IS NULL;
