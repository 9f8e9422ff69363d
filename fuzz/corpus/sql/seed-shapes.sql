-- Epic: EPIC-005
-- Packs affected: MMOS, InnerLens
-- Pack: MMOS
-- accord:no-transaction
CREATE TABLE "t é" (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'a;b', [x] INT, `y` INT);
CREATE TRIGGER trg AFTER INSERT ON t BEGIN UPDATE t SET name = 'x'; END;
CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
/* nested /* comment */ ; */
ALTER TABLE t ADD COLUMN z VARCHAR(10) -- accord:allow migration-add-column reason="fuzz seed"
;
CREATE UNIQUE INDEX CONCURRENTLY i ON t (name);
SELECT E'it\'s';
DROP TABLE t
