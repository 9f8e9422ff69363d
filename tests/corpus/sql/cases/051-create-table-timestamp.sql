-- reason: timestamp drops the offset
-- expect: migration-timestamp-without-tz
CREATE TABLE reminders (id BIGINT PRIMARY KEY, remind_at TIMESTAMP NOT NULL);
