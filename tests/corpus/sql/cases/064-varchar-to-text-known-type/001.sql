-- history: the migration before the one under test
CREATE TABLE labels (id BIGINT PRIMARY KEY, name TEXT);
