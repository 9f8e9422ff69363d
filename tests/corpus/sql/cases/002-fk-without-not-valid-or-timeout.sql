-- reason: FK scan under lock, and nothing bounds the wait for that lock
-- expect: migration-foreign-key-not-valid migration-lock-timeout-missing
ALTER TABLE invoices ADD CONSTRAINT invoices_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE;
