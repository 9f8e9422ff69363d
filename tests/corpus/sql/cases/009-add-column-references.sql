-- reason: inline REFERENCES cannot be NOT VALID; locks both tables
-- expect: migration-column-references
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN coupon_id BIGINT REFERENCES coupons (id);
