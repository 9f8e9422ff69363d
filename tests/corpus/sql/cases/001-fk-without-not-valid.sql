-- reason: FK on an existing table checks every row under SHARE ROW EXCLUSIVE on both tables
-- expect: migration-foreign-key-not-valid
SET lock_timeout = '2s';
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
