-- history: the migration before the one under test
CREATE TABLE prices (id BIGINT PRIMARY KEY, amount NUMERIC(10,2));
