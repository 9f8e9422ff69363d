-- reason: even an instant ADD COLUMN queues behind long transactions and blocks everyone behind it
-- expect: migration-lock-timeout-missing
ALTER TABLE users ADD COLUMN bio TEXT;
