-- reason: inline FK plus unbounded lock wait
-- expect: migration-column-references migration-lock-timeout-missing
ALTER TABLE line_items ADD COLUMN product_id BIGINT REFERENCES products (id);
