using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    // The unique prev_hash makes a fork impossible even if two writers somehow raced past the
    // IMMEDIATE lock: the second insert fails and its transaction rolls back.
    private const string Schema = """
        CREATE TABLE events (
            seq       INTEGER PRIMARY KEY,
            id        TEXT NOT NULL UNIQUE,
            time      TEXT NOT NULL,
            type      TEXT NOT NULL,
            task      TEXT,
            actor     TEXT NOT NULL,
            session   TEXT,
            payload   TEXT NOT NULL,
            prev_hash TEXT NOT NULL UNIQUE,
            hash      TEXT NOT NULL UNIQUE
        );
        CREATE INDEX events_task ON events(task, seq) WHERE task IS NOT NULL;
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
