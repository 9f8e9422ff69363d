-- reason: VALIDATE in the transaction of the ADD keeps the ADD's lock for the scan
-- expect: migration-foreign-key-not-valid
SET lock_timeout = '2s';
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
COMMIT;
