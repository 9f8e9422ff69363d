-- reason: the documented SQLite table rebuild keeps the table's name and rows
-- expect: none
-- dialect: sqlite
CREATE TABLE users_new (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
INSERT INTO users_new (id, email) SELECT id, email FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
