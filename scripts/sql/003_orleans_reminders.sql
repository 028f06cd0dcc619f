-- 003_orleans_reminders.sql
--
-- Reminder table for Microsoft.Orleans.Reminders.AdoNet 10.4.2 on PostgreSQL 15
-- (Invariant "Npgsql"). Needs 001_orleans_main.sql first.
--
-- What the 10.4.2 provider (AdoNetReminderTable) does, so what these queries follow:
--   * At start-up it reads the whole OrleansQuery table and fails unless all seven keys
--     are there: UpsertReminderRowKey, ReadReminderRowsKey, ReadReminderRowKey,
--     ReadRangeRows1Key, ReadRangeRows2Key, DeleteReminderRowKey, DeleteReminderRowsKey.
--   * Parameters it binds, and their Npgsql types:
--       @ServiceId     text    ClusterOptions.ServiceId
--       @GrainId       text    GrainId.ToString(), e.g. "mygrain/ABC" (type/key)
--       @ReminderName  text
--       @StartTime     timestamptz  (a UTC DateTime, DbType.DateTime)
--       @Period        int4 when the period in milliseconds fits an int, else int8
--       @GrainHash     int4    GrainId.GetUniformHashCode() (a uint) cast to int
--       @BeginHash, @EndHash  int4  ring range (begin, end], both uints cast to int
--       @Version       int4    the ETag as an integer (delete only)
--   * What it reads back:
--       row reads      columns GrainId, ReminderName, StartTime, Period (int8 ms), Version
--       upsert         column Version, the new ETag
--       delete row     one single column, true/non-zero when the row was deleted
--   * Range reads: the provider uses ReadRangeRows1Key when (int)begin < (int)end
--     (the range does not wrap in signed order) and ReadRangeRows2Key otherwise
--     (wrapping range; begin = end means the whole ring).
--
-- Idempotent: running it again changes nothing.
-- Apply with: psql -v ON_ERROR_STOP=1 -f scripts/sql/003_orleans_reminders.sql

SET client_min_messages = warning;

BEGIN;

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    varchar(150)   NOT NULL,
    grainid      varchar(512)   NOT NULL,
    remindername varchar(150)   NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,

    CONSTRAINT pk_reminderstable_serviceid_grainid_remindername
        PRIMARY KEY (serviceid, grainid, remindername)
);

-- Range reads by the reminder service (one per silo's share of the ring).
CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_serviceid_grainhash
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext)
VALUES
(
    'UpsertReminderRowKey',
    $sql$
    INSERT INTO orleansreminderstable AS r
        (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
        SET starttime = EXCLUDED.starttime,
            period    = EXCLUDED.period,
            grainhash = EXCLUDED.grainhash,
            version   = r.version + 1
    RETURNING r.version AS Version;
    $sql$
),
(
    'ReadReminderRowsKey',
    $sql$
    SELECT
        r.grainid      AS GrainId,
        r.remindername AS ReminderName,
        r.starttime    AS StartTime,
        r.period       AS Period,
        r.version      AS Version
    FROM orleansreminderstable AS r
    WHERE r.serviceid = @ServiceId
      AND r.grainid = @GrainId;
    $sql$
),
(
    'ReadReminderRowKey',
    $sql$
    SELECT
        r.grainid      AS GrainId,
        r.remindername AS ReminderName,
        r.starttime    AS StartTime,
        r.period       AS Period,
        r.version      AS Version
    FROM orleansreminderstable AS r
    WHERE r.serviceid = @ServiceId
      AND r.grainid = @GrainId
      AND r.remindername = @ReminderName;
    $sql$
),
(
    -- Non-wrapping range (begin, end].
    'ReadRangeRows1Key',
    $sql$
    SELECT
        r.grainid      AS GrainId,
        r.remindername AS ReminderName,
        r.starttime    AS StartTime,
        r.period       AS Period,
        r.version      AS Version
    FROM orleansreminderstable AS r
    WHERE r.serviceid = @ServiceId
      AND r.grainhash > @BeginHash
      AND r.grainhash <= @EndHash;
    $sql$
),
(
    -- Wrapping range: above begin, or up to and including end.
    'ReadRangeRows2Key',
    $sql$
    SELECT
        r.grainid      AS GrainId,
        r.remindername AS ReminderName,
        r.starttime    AS StartTime,
        r.period       AS Period,
        r.version      AS Version
    FROM orleansreminderstable AS r
    WHERE r.serviceid = @ServiceId
      AND (r.grainhash > @BeginHash OR r.grainhash <= @EndHash);
    $sql$
),
(
    -- Deletes only the row still at the caller's ETag; one boolean column.
    'DeleteReminderRowKey',
    $sql$
    WITH deleted AS
    (
        DELETE FROM orleansreminderstable AS r
        WHERE r.serviceid = @ServiceId
          AND r.grainid = @GrainId
          AND r.remindername = @ReminderName
          AND r.version = @Version
        RETURNING 1
    )
    SELECT count(*) > 0 AS Deleted FROM deleted;
    $sql$
),
(
    'DeleteReminderRowsKey',
    $sql$
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId;
    $sql$
)
ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;

COMMIT;
