-- reason: VALIDATE in the same explicit transaction as ADD NOT VALID
-- expect: migration-check-not-valid
SET lock_timeout = '2s';
BEGIN;
ALTER TABLE payments ADD CONSTRAINT amount_pos CHECK (amount > 0) NOT VALID;
ALTER TABLE payments VALIDATE CONSTRAINT amount_pos;
COMMIT;
