using KnowledgeOS.Ledger;
using KnowledgeOS.Ledger.Sqlite;
using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Benchmarks;

/// <summary>
/// Rewrites a compact (schema 2) ledger's events in schema 1, the format before the compact ledger
/// (hex text ids and hashes, stored prev_hash, unique indexes, text payloads): the same events as the
/// baseline kos would have stored them, for bench/compact.sh's size baseline.
/// </summary>
public static class Downgrade
{
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
        Version1Format.Rewrite(db, events);
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
