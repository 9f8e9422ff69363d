CREATE INDEX CONCURRENTLY courses_title ON courses (title);
