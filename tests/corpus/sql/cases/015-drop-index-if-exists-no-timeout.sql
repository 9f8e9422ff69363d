-- reason: plain DROP INDEX with an unbounded lock wait
-- expect: migration-drop-index-not-concurrent migration-lock-timeout-missing
DROP INDEX IF EXISTS index_sessions_on_token;
