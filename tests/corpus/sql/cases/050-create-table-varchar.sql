-- reason: varchar(n) limit is costly to change later
-- expect: migration-varchar-field
CREATE TABLE tags (id BIGINT PRIMARY KEY, label VARCHAR(64) NOT NULL);
