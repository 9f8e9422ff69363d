-- reason: int4 id and reference column
-- expect: migration-prefer-bigint
CREATE TABLE posts (id BIGINT PRIMARY KEY, author_id INTEGER REFERENCES authors (id), body TEXT);
