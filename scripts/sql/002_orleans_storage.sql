-- 002_orleans_storage.sql
--
-- Grain storage for Microsoft.Orleans.Persistence.AdoNet 10.4.2 on PostgreSQL 15
-- (Invariant "Npgsql"). Needs 001_orleans_main.sql first.
--
-- What the 10.4.2 provider (AdoNetGrainStorage) does, so what these queries follow:
--   * At start-up it reads the query texts for the keys WriteToStorageKey,
--     ReadFromStorageKey and ClearStorageKey (all three required) and DeleteStorageKey
--     (used only when AdoNetGrainStorageOptions.DeleteStateOnClear = true).
--   * Parameters it binds, and their Npgsql types:
--       @GrainIdHash            int4   hash of the grain key
--       @GrainIdN0, @GrainIdN1  int8   the two halves of a Guid key; for an integer
--                                      key N0 = 0 and N1 = the key; for a string key
--                                      both are 0
--       @GrainTypeHash          int4   hash of @GrainTypeString
--       @GrainTypeString        text   the grain type name
--       @GrainIdExtensionString text   key extension of Guid/integer keys (or NULL);
--                                      the whole key of string-keyed grains
--       @ServiceId              text   ClusterOptions.ServiceId
--       @GrainStateVersion      int4   the ETag as an integer, NULL when the grain has
--                                      no ETag (write/clear/delete only)
--       @PayloadBinary          bytea  the serialized state (write only)
--     It binds nothing else: no @PayloadJson or @PayloadXml.
--   * What it reads back:
--       read        columns PayloadBinary (NULL = no state) and Version (the ETag)
--       write       column NewGrainStateVersion; no row, or the same version as
--                   the ETag, means a conflict (InconsistentStateException)
--       clear       first column = the new version; no row means a conflict
--       delete      first column, which must differ from the ETag; no row means a conflict
--
-- Idempotent: running it again changes nothing.
-- Apply with: psql -v ON_ERROR_STOP=1 -f scripts/sql/002_orleans_storage.sql

SET client_min_messages = warning;

BEGIN;

CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        text         NOT NULL,
    grainidextensionstring text         NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    version                integer      NOT NULL
);

-- One row per grain. The strings go into the index as md5 so that long string keys
-- still fit in a b-tree entry; NULLS NOT DISTINCT (PostgreSQL 15+) makes two rows
-- without a key extension conflict too. The write query's INSERT relies on this
-- index (ON CONFLICT DO NOTHING) to turn a concurrent first write into a conflict.
-- Its leading columns are the ones every query filters on, so it is also the
-- lookup index.
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage_grain
    ON orleansstorage (grainidhash, graintypehash, grainidn0, grainidn1, serviceid,
                       md5(graintypestring), md5(grainidextensionstring))
    NULLS NOT DISTINCT;

INSERT INTO orleansquery (querykey, querytext)
VALUES
(
    'ReadFromStorageKey',
    $sql$
    SELECT
        s.payloadbinary AS PayloadBinary,
        s.version       AS Version
    FROM orleansstorage AS s
    WHERE s.grainidhash = @GrainIdHash
      AND s.graintypehash = @GrainTypeHash
      AND s.grainidn0 = @GrainIdN0
      AND s.grainidn1 = @GrainIdN1
      AND s.serviceid = @ServiceId
      AND s.graintypestring = @GrainTypeString
      AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString;
    $sql$
),
(
    -- With an ETag: update only the row still at that version and return the
    -- new version. Without one: insert version 1 unless the grain already has a
    -- row. Either way, no row returned means a conflict.
    'WriteToStorageKey',
    $sql$
    WITH updated AS
    (
        UPDATE orleansstorage AS s
        SET payloadbinary = @PayloadBinary,
            modifiedon    = now(),
            version       = s.version + 1
        WHERE @GrainStateVersion IS NOT NULL
          AND s.version = @GrainStateVersion
          AND s.grainidhash = @GrainIdHash
          AND s.graintypehash = @GrainTypeHash
          AND s.grainidn0 = @GrainIdN0
          AND s.grainidn1 = @GrainIdN1
          AND s.serviceid = @ServiceId
          AND s.graintypestring = @GrainTypeString
          AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
        RETURNING s.version
    ),
    inserted AS
    (
        INSERT INTO orleansstorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
             grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
        SELECT
            @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
            @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version
    )
    SELECT version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT version FROM inserted;
    $sql$
),
(
    -- Keeps the row (and so the version chain) but drops the state.
    'ClearStorageKey',
    $sql$
    UPDATE orleansstorage AS s
    SET payloadbinary = NULL,
        modifiedon    = now(),
        version       = s.version + 1
    WHERE @GrainStateVersion IS NOT NULL
      AND s.version = @GrainStateVersion
      AND s.grainidhash = @GrainIdHash
      AND s.graintypehash = @GrainTypeHash
      AND s.grainidn0 = @GrainIdN0
      AND s.grainidn1 = @GrainIdN1
      AND s.serviceid = @ServiceId
      AND s.graintypestring = @GrainTypeString
      AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING s.version AS NewGrainStateVersion;
    $sql$
),
(
    -- Used when DeleteStateOnClear = true. Returns version + 1 because the
    -- provider treats a returned value equal to the ETag as a conflict.
    'DeleteStorageKey',
    $sql$
    DELETE FROM orleansstorage AS s
    WHERE @GrainStateVersion IS NOT NULL
      AND s.version = @GrainStateVersion
      AND s.grainidhash = @GrainIdHash
      AND s.graintypehash = @GrainTypeHash
      AND s.grainidn0 = @GrainIdN0
      AND s.grainidn1 = @GrainIdN1
      AND s.serviceid = @ServiceId
      AND s.graintypestring = @GrainTypeString
      AND s.grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING s.version + 1 AS NewGrainStateVersion;
    $sql$
)
ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;

COMMIT;
