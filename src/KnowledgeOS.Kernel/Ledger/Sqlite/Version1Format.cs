using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>
/// The ledger format before the compact one (schema version 1: hex text ids and hashes, a stored prev_hash, unique
/// indexes, text payloads), which <see cref="SqliteLedgerStore.Upgrade"/> reads. Written out once, here: the upgrade
/// test and bench/compact.sh's size baseline rewrite a ledger's events in it to make a ledger an older kos wrote.
/// </summary>
internal static class Version1Format
{
    /// <summary>Version 1's events table and index, exactly as kos created them.</summary>
    public const string EventsTable = """
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
        """;

    /// <summary>Replaces the events table of the ledger open on <paramref name="db"/> by <paramref name="events"/> in version 1, in one transaction.</summary>
    public static void Rewrite(SqliteConnection db, IEnumerable<LedgerEvent> events)
    {
        using var tx = db.BeginTransaction();
        Exec(db, "DROP TABLE events;" + EventsTable);
        using var cmd = db.CreateCommand();
        cmd.CommandText = "INSERT INTO events VALUES ($seq, $id, $time, $type, $task, $actor, $session, $payload, $prev, $hash)";
        var p = new[] { "$seq", "$id", "$time", "$type", "$task", "$actor", "$session", "$payload", "$prev", "$hash" }
            .Select(n => cmd.Parameters.AddWithValue(n, DBNull.Value)).ToArray();
        foreach (var e in events)
        {
            object?[] values = [e.Seq, e.Id, e.Time, e.Type, e.Task, e.Actor, e.Session, e.Payload, e.PrevHash, e.Hash];
            for (var i = 0; i < p.Length; i++)
            {
                p[i].Value = values[i] ?? DBNull.Value;
            }

            cmd.ExecuteNonQuery();
        }

        Exec(db, "PRAGMA user_version=1");
        tx.Commit();
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
