ALTER TABLE courses ADD CONSTRAINT courses_slug_key UNIQUE (slug);
