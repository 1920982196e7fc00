using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    // Schema version 2, the compact ledger (versions 1 to 3 are upgraded in place: SqliteLedgerStore.Migrate.cs).
    // - id (16 bytes), hash (32 bytes) and time (milliseconds since the epoch) are stored in binary; a
    //   value that would not come back byte for byte stays text (BLOB affinity keeps either). See Compact.
    // - prev_hash is not stored: it is the hash of the event before (Insert refuses an event that does not
    //   link to it, so the chain cannot fork), and verification re-hashes each event over it.
    // - Payloads are stored as text or as a smaller blob (PayloadCodec: schema 4, zstd with one of the ledger's own
    //   dictionaries; Brotli before); the hash is over the canonical text.
    // - No unique index on id, hash or prev_hash: seq is the key, and the chain rules need nothing else.
    // - hash sits before payload, so reading it never follows a large payload's overflow pages.
    private const string EventsTable = """
        CREATE TABLE events (
            seq     INTEGER PRIMARY KEY,
            hash    BLOB NOT NULL,
            id      BLOB NOT NULL,
            time    BLOB NOT NULL,
            type    TEXT NOT NULL,
            task    TEXT,
            actor   TEXT NOT NULL,
            session TEXT,
            payload BLOB NOT NULL
        );

        """;

    private const string EventsIndex = "CREATE INDEX events_task ON events(task) WHERE task IS NOT NULL;\n";

    // Schema version 3 adds archival (kos ledger archive): one row per sealed archive file, whose last hash the first
    // live event links to, and copies of the archived events the projections still point at (event 1, each task's
    // anchor event), so GetEvent finds them without reading an archive.
    private const string ArchiveTables = """
        CREATE TABLE IF NOT EXISTS archives (
            last_seq   INTEGER PRIMARY KEY,
            first_seq  INTEGER NOT NULL,
            prev_hash  TEXT NOT NULL,
            first_id   TEXT NOT NULL,
            first_hash TEXT NOT NULL,
            last_hash  TEXT NOT NULL,
            events     INTEGER NOT NULL,
            file       TEXT NOT NULL,
            sha256     TEXT NOT NULL,
            bytes      INTEGER NOT NULL,
            sealed     TEXT NOT NULL,
            recorded   INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS archive_kept (
            seq       INTEGER PRIMARY KEY,
            hash      BLOB NOT NULL,
            id        BLOB NOT NULL,
            time      BLOB NOT NULL,
            type      TEXT NOT NULL,
            task      TEXT,
            actor     TEXT NOT NULL,
            session   TEXT,
            payload   BLOB NOT NULL,
            prev_hash TEXT NOT NULL
        );

        """;

    // Schema version 4: the zstd dictionaries payloads are compressed with (raw content made from the ledger's own recent
    // payloads, DictionaryBuilder), each beside its SHA-256 (PayloadDictionaries). Rows are only ever added.
    private const string DictionariesTable = """
        CREATE TABLE IF NOT EXISTS dictionaries (
            id      INTEGER PRIMARY KEY,
            sha256  BLOB NOT NULL,
            content BLOB NOT NULL,
            made_at INTEGER NOT NULL
        );

        """;

    private const string Schema = EventsTable + EventsIndex + ArchiveTables + DictionariesTable + """
        CREATE TABLE tasks (
            id      TEXT PRIMARY KEY,
            phase   TEXT NOT NULL,
            title   TEXT NOT NULL,
            session TEXT,
            updated TEXT NOT NULL,
            state   TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX tasks_session ON tasks(session) WHERE session IS NOT NULL;
        CREATE TABLE records (
            kind  TEXT NOT NULL,
            key   TEXT NOT NULL,
            task  TEXT,
            value TEXT NOT NULL,
            PRIMARY KEY (kind, key)
        ) WITHOUT ROWID;
        CREATE INDEX records_task ON records(kind, task) WHERE task IS NOT NULL;
        """;

    private static void CreateSchema(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction();
        using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = Schema + $"PRAGMA application_id={ApplicationId}; PRAGMA user_version={SchemaVersion};";
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
    }
}
