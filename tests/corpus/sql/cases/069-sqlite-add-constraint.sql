-- reason: SQLite has no ADD CONSTRAINT
-- expect: migration-sqlite-alter-refused
-- dialect: sqlite
ALTER TABLE orders ADD CONSTRAINT orders_qty_pos CHECK (qty > 0);
