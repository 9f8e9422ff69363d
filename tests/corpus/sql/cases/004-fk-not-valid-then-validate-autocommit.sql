-- reason: NOT VALID then VALIDATE in separate transactions: brief lock, scan under SHARE UPDATE EXCLUSIVE
-- expect: none
-- accord:no-transaction
SET lock_timeout = '2s';
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
