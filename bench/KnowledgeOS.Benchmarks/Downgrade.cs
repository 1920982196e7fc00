using KnowledgeOS.Ledger;
using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// Rewrites a compact (schema 2) ledger's events in schema 1, the format before the compact ledger
/// (hex text ids and hashes, stored prev_hash, unique indexes, text payloads): the same events as the
/// baseline kos would have stored them, for bench/compact.sh's size baseline.
/// </summary>
public static class Downgrade
{
    private const string Version1Events = """
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

    public static int Run(string[] args)
    {
        var path = args[0];
        List<LedgerEvent> events;
        using (var store = StoreFactory.OpenFile(path, TimeProvider.System, create: false))
        {
            events = store.Events().ToList();
        }

        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using (var tx = db.BeginTransaction())
        {
            Exec(db, "DROP TABLE events;" + Version1Events);
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

        Exec(db, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);");
        Console.Error.WriteLine($"{events.Count} events rewritten in schema 1");
        return 0;
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
