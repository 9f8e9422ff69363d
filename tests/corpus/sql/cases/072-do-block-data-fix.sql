-- reason: a data fix in a DO block is valid PostgreSQL and takes no DDL lock
-- expect: none
DO $$
BEGIN
  UPDATE accounts SET plan = 'free' WHERE plan IS NULL;
END
$$;
