using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>What an upgrade of the ledger's format did (null from <see cref="SqliteLedgerStore.Upgrade"/> when there was none).</summary>
public sealed record LedgerUpgrade(string Path, long FromVersion, long ToVersion, long Events, string HeadHash, long BytesBefore, long BytesAfter);

internal sealed partial class SqliteLedgerStore
{
    /// <summary>
    /// Adds the archive tables of version 3 to a version-2 ledger, and upgrades a version-1 ledger (hex text
    /// hashes, stored prev_hash, unique indexes) to the compact format in place, in one write transaction: the old chain is verified first (a broken chain is
    /// evidence and is left untouched), every event is copied with the same bytes under the hash, the new
    /// chain is verified to the same count and head, and only then does the transaction commit. A crash
    /// anywhere before the commit leaves the version-1 ledger as it was. The file is compacted afterwards.
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

            Run(ArchiveTables);
            if (version < 2)
            {
                done = UpgradeVersion1(version, bytesBefore);
            }
            else
            {
                var head = Head();
                done = new LedgerUpgrade(Path, version, SchemaVersion, head?.Seq ?? 0, head?.Hash ?? EventHasher.Genesis, bytesBefore, 0);
            }

            Run($"PRAGMA user_version={SchemaVersion};");
            _tx.Commit();
        }
        finally
        {
            _tx.Dispose();
            _tx = null;
        }

        if (done.FromVersion >= 2)
        {
            return done with { BytesAfter = FileBytes() };
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

    /// <summary>Version 1 → the compact events table, inside the upgrade's transaction (see <see cref="Upgrade"/>).</summary>
    private LedgerUpgrade UpgradeVersion1(long version, long bytesBefore)
    {
        var before = ChainVerifier.Verify(ScanVersion1, seq => Version1Hash(seq));
        if (!before.Ok)
        {
            throw KosException.Environment(
                $"The ledger {Path} needs an upgrade to this kos's format, but its chain is broken at seq {before.FirstBadSeq} ({before.Problem}). " +
                "kos upgrades only a chain that verifies and has not modified it: keep it as evidence, and restore a good copy from a backup " +
                "(or move it aside and run 'kos init --new-ledger').");
        }

        Run(EventsTable.Replace("CREATE TABLE events (", "CREATE TABLE events_v2 (", StringComparison.Ordinal));
        CopyVersion1Events();
        Run("DROP TABLE events; ALTER TABLE events_v2 RENAME TO events; " + EventsIndex);
        var after = ChainVerifier.Verify(ScanChain, seq => GetEvent(seq)?.Hash);
        if (!after.Ok || after.Count != before.Count || after.HeadHash != before.HeadHash)
        {
            throw KosException.Environment(
                $"Upgrading the ledger {Path} would not keep its chain ({after.Count} events, head {after.HeadHash}, problem: {after.Problem ?? "none"}; " +
                $"expected {before.Count}, head {before.HeadHash}). kos has left it as it was.");
        }

        return new LedgerUpgrade(Path, version, SchemaVersion, after.Count, after.HeadHash, bytesBefore, 0);
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

    /// <summary>Copies every version-1 event into events_v2 in the compact encodings (one prepared insert).</summary>
    private void CopyVersion1Events()
    {
        using var read = Command("SELECT seq, id, time, type, task, actor, session, payload, hash FROM events ORDER BY seq");
        using var insert = Command(
            "INSERT INTO events_v2 (seq, hash, id, time, type, task, actor, session, payload) " +
            "VALUES ($seq, $hash, $id, $time, $type, $task, $actor, $session, $payload)");
        var p = new[] { "$seq", "$hash", "$id", "$time", "$type", "$task", "$actor", "$session", "$payload" }
            .Select(n => insert.Parameters.AddWithValue(n, DBNull.Value)).ToArray();
        insert.Prepare();
        using var r = read.ExecuteReader();
        while (r.Read())
        {
            p[0].Value = r.GetInt64(0);
            p[1].Value = Compact.Hash(r.GetString(8));
            p[2].Value = Compact.Id(r.GetString(1));
            p[3].Value = Compact.Time(r.GetString(2));
            p[4].Value = r.GetString(3);
            p[5].Value = r.IsDBNull(4) ? DBNull.Value : r.GetString(4);
            p[6].Value = r.GetString(5);
            p[7].Value = r.IsDBNull(6) ? DBNull.Value : r.GetString(6);
            p[8].Value = Compact.Payload(r.GetString(7));
            insert.ExecuteNonQuery();
        }
    }
}
