-- reason: CHECK NOT VALID: catalog change only
-- expect: none
SET lock_timeout = '2s';
ALTER TABLE payments ADD CONSTRAINT payments_amount_positive CHECK (amount > 0) NOT VALID;
