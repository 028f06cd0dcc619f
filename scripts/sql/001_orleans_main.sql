-- 001_orleans_main.sql
--
-- Common table for the Orleans ADO.NET providers (PostgreSQL 15).
--
-- Every Orleans ADO.NET provider (grain storage, reminders, ...) reads the SQL it
-- runs from this table at start-up:
--   * Microsoft.Orleans.Persistence.AdoNet 10.4.2 runs
--       SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey = 'WriteToStorageKey' OR ...
--   * Microsoft.Orleans.Reminders.AdoNet 10.4.2 runs
--       SELECT QueryKey, QueryText FROM OrleansQuery
--     and fails if one of its keys is missing.
-- The providers use unquoted identifiers, so PostgreSQL folds every name to lower case;
-- this script does the same.
--
-- Idempotent: running it again changes nothing.
-- Apply with: psql -v ON_ERROR_STOP=1 -f scripts/sql/001_orleans_main.sql

SET client_min_messages = warning;

BEGIN;

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,

    CONSTRAINT orleansquery_key PRIMARY KEY (querykey)
);

COMMIT;
