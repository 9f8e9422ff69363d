-- reason: CHECK on an existing table scans every row under ACCESS EXCLUSIVE
-- expect: migration-check-not-valid
SET lock_timeout = '2s';
ALTER TABLE payments ADD CONSTRAINT payments_amount_positive CHECK (amount > 0);
