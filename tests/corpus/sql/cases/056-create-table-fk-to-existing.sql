-- reason: new empty table referencing an existing one: no scan
-- expect: none
CREATE TABLE order_items (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders (id), qty BIGINT NOT NULL);
