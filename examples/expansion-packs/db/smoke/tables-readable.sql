-- Runs before every commit: the core tables answer a query.
SELECT COUNT(*) >= 0 FROM minds;
