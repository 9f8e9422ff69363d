-- reason: DROP INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE, which blocks no reads or writes
-- expect: none
-- accord:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS "idx_audit_log_timestamp";
DROP INDEX CONCURRENTLY IF EXISTS "idx_company_active";
