-- reason: data only
-- expect: none
INSERT INTO settings (key, value) VALUES ('theme', 'dark'), ('lang', 'en');
