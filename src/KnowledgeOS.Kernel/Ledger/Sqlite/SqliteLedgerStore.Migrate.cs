using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>What an upgrade of the ledger's format did (null from <see cref="SqliteLedgerStore.Upgrade"/> when there was none).</summary>
public sealed record LedgerUpgrade(string Path, long FromVersion, long ToVersion, long Events, string HeadHash, long BytesBefore, long BytesAfter);

internal sealed partial class SqliteLedgerStore
{
    /// <summary>
    /// Upgrades an older ledger to schema 4 in place, in one write transaction: version 1 (hex text hashes, stored prev_hash,
    /// unique indexes, text payloads) and versions 2 and 3 (the compact columns, Brotli payloads) alike. The old chain is
    /// verified first (a broken chain is evidence and is left untouched); the archive and dictionary tables are added; a
    /// dictionary is made from the ledger's own latest payloads; every event is copied with the same bytes under the hash,
    /// its payload re-encoded with that dictionary; the new chain is verified to the same count and head, and only then does
    /// the transaction commit. A crash anywhere before the commit leaves the ledger as it was. The file is compacted afterwards.
    /// </summary>
    private LedgerUpgrade? Upgrade()
    {
        if (Scalar(_connection, "PRAGMA user_version;") >= SchemaVersion)
        {
            return null;
        }

        var bytesBefore = FileBytes();
        LedgerUpgrade? done;
        _tx = _connection.BeginTransaction(deferred: false);
        try
        {
            // Another process may have upgraded it while this one waited for the write lock.
            using var check = Command("PRAGMA user_version;");
            var version = Convert.ToInt64(check.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
            if (version >= SchemaVersion)
            {
                return null;
            }

            Run(ArchiveTables + DictionariesTable);
            var before = version < 2 ? ChainVerifier.Verify(ScanVersion1, seq => Version1Hash(seq)) : ChainVerifier.Verify(this);
            if (!before.Ok)
            {
                throw KosException.Environment(
                    $"The ledger {Path} needs an upgrade to this kos's format, but its chain is broken at seq {before.FirstBadSeq} ({before.Problem}). " +
                    "kos upgrades only a chain that verifies and has not modified it: keep it as evidence, and restore a good copy from a backup " +
                    "(or move it aside and run 'kos init --new-ledger').");
            }

            ForgetDictionaries();
            MakeDictionary(before.Count + 1);
            Run(EventsTable.Replace("CREATE TABLE events (", "CREATE TABLE events_v4 (", StringComparison.Ordinal));
            CopyEvents(version);
            Run("DROP TABLE events; ALTER TABLE events_v4 RENAME TO events; " + EventsIndex);
            var after = ChainVerifier.Verify(this);
            if (!after.Ok || after.Count != before.Count || after.HeadHash != before.HeadHash)
            {
                throw KosException.Environment(
                    $"Upgrading the ledger {Path} would not keep its chain ({after.Count} events, head {after.HeadHash}, problem: {after.Problem ?? "none"}; " +
                    $"expected {before.Count}, head {before.HeadHash}). kos has left it as it was.");
            }

            done = new LedgerUpgrade(Path, version, SchemaVersion, after.Count, after.HeadHash, bytesBefore, 0);
            Run($"PRAGMA user_version={SchemaVersion};");
            _tx.Commit();
        }
        catch
        {
            ForgetDictionaries();
            throw;
        }
        finally
        {
            _tx.Dispose();
            _tx = null;
        }

        // The old table's pages are free now; give them back (VACUUM is atomic on its own). Best effort:
        // a reader elsewhere keeps the file as large as it was, never less correct.
        try
        {
            Exec(_connection, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);");
        }
        catch (SqliteException)
        {
        }

        return done with { BytesAfter = FileBytes() };
    }

    private void Run(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    private long FileBytes() =>
        new FileInfo(Path).Length + (File.Exists(Path + "-wal") ? new FileInfo(Path + "-wal").Length : 0);

    private string? Version1Hash(long seq)
    {
        using var cmd = Command("SELECT hash FROM events WHERE seq = $s");
        cmd.Parameters.AddWithValue("$s", seq);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Version 1's rows, as stored, for the chain check before the upgrade.</summary>
    private void ScanVersion1(IChainSink sink)
    {
        var db = _connection.Handle!;
        if (raw.sqlite3_prepare_v2(db, "SELECT seq, id, time, type, task, actor, session, payload, prev_hash, hash FROM events ORDER BY seq", out sqlite3_stmt stmt) != raw.SQLITE_OK)
        {
            throw KosException.Environment($"Cannot read the ledger: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }

        using (stmt)
        {
            while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW)
            {
                var fields = new EventFields
                {
                    Seq = raw.sqlite3_column_int64(stmt, 0),
                    Id = raw.sqlite3_column_blob(stmt, 1),
                    Time = raw.sqlite3_column_blob(stmt, 2),
                    Type = raw.sqlite3_column_blob(stmt, 3),
                    Task = raw.sqlite3_column_blob(stmt, 4),
                    HasTask = raw.sqlite3_column_type(stmt, 4) != raw.SQLITE_NULL,
                    Actor = raw.sqlite3_column_blob(stmt, 5),
                    Session = raw.sqlite3_column_blob(stmt, 6),
                    HasSession = raw.sqlite3_column_type(stmt, 6) != raw.SQLITE_NULL,
                    Payload = raw.sqlite3_column_blob(stmt, 7),
                    PrevHash = raw.sqlite3_column_blob(stmt, 8),
                };
                if (!sink.Add(fields, raw.sqlite3_column_blob(stmt, 9)))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Copies every event into events_v4 in the compact encodings, payloads re-encoded (one prepared insert).</summary>
    private void CopyEvents(long version)
    {
        using var read = Command("SELECT seq, hash, id, time, type, task, actor, session, payload FROM events ORDER BY seq");
        using var insert = Command(
            "INSERT INTO events_v4 (seq, hash, id, time, type, task, actor, session, payload) " +
            "VALUES ($seq, $hash, $id, $time, $type, $task, $actor, $session, $payload)");
        var p = new[] { "$seq", "$hash", "$id", "$time", "$type", "$task", "$actor", "$session", "$payload" }
            .Select(n => insert.Parameters.AddWithValue(n, DBNull.Value)).ToArray();
        insert.Prepare();
        using var r = read.ExecuteReader();
        while (r.Read())
        {
            p[0].Value = r.GetInt64(0);
            for (var i = 1; i < 8; i++)
            {
                // Version 1's text columns become the compact ones; later versions' are copied as they are.
                p[i].Value = version >= 2 ? r.GetValue(i) : i switch
                {
                    1 => Compact.Hash(r.GetString(1)),
                    2 => Compact.Id(r.GetString(2)),
                    3 => Compact.Time(r.GetString(3)),
                    _ => r.GetValue(i),
                };
            }

            p[8].Value = Encoder.Encode(PayloadText(r.GetValue(8)));
            insert.ExecuteNonQuery();
        }
    }
}
