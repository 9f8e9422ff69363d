-- reason: char(n) pads with spaces
-- expect: migration-char-field
CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name TEXT NOT NULL);
