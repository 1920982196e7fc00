using SQLitePCL;

namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    /// <summary>
    /// Streams SQLite's raw column bytes to the sink: no row becomes a .NET string. Binary ids and hashes
    /// are turned back into the hex the hash is computed over, millisecond times into their text, and each
    /// event's prev_hash is the hash of the row before it. Compressed payloads go out as they are stored
    /// (<see cref="EventFields.PayloadCompressed"/>): the verifier's workers inflate them in parallel.
    /// </summary>
    public void ScanChain(IChainSink sink) => Scan(_connection.Handle!, Math.Max(1, Extent()?.Min ?? 1), long.MaxValue, sink);

    public bool RangesVisible => _tx is null;

    public (long Min, long Max)? Extent()
    {
        // One subquery each: SQLite answers a lone min() or max() from the key's ends, both in one select by reading every row.
        using var cmd = Command("SELECT (SELECT min(seq) FROM events), (SELECT max(seq) FROM events)");
        using var r = cmd.ExecuteReader();
        r.Read();
        return r.IsDBNull(0) ? null : (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>A stretch of the chain on a read-only connection of its own (verification runs several at once).</summary>
    public void ScanRange(long from, long to, IChainSink sink)
    {
        if (raw.sqlite3_open_v2(Path, out sqlite3 db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null) != raw.SQLITE_OK)
        {
            using (db)
            {
                throw KosException.Environment($"Cannot read the ledger {Path}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
            }
        }

        using (db)
        {
            raw.sqlite3_busy_timeout(db, 30000);
            MapForReading(db);
            Scan(db, from, to, sink);
        }
    }

    private void Scan(sqlite3 db, long from, long to, IChainSink sink)
    {
        if (raw.sqlite3_prepare_v2(db, "SELECT seq, hash, id, time, type, task, actor, session, payload FROM events WHERE seq >= ?1 AND seq <= ?2 ORDER BY seq", out sqlite3_stmt stmt) != raw.SQLITE_OK)
        {
            throw KosException.Environment($"Cannot read the ledger: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }

        raw.sqlite3_bind_int64(stmt, 1, from);
        raw.sqlite3_bind_int64(stmt, 2, to);
        var dictionaries = PayloadDictionaries.Read(db);
        Span<byte> hashA = stackalloc byte[64];
        Span<byte> hashB = stackalloc byte[64];
        Span<byte> id = stackalloc byte[32];
        Span<byte> time = stackalloc byte[32];
        var prev = hashA;
        var current = hashB;
        var prevLength = Genesis.Length;
        Genesis.CopyTo(prev);
        if (from > 1)
        {
            prevLength = HashOf(db, from - 1, prev);
        }

        using (stmt)
        {
            int rc;
            var row = RawColumns.Handle(stmt);
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
                var hash = Hex(row, 1, current);
                var fields = new EventFields
                {
                    Seq = RawColumns.Int64(row, 0),
                    Id = Hex(row, 2, id),
                    Time = RawColumns.Type(row, 3) == raw.SQLITE_INTEGER
                        ? time[..Compact.FormatTime(RawColumns.Int64(row, 3), time)]
                        : RawColumns.Blob(row, 3),
                    Type = RawColumns.Blob(row, 4),
                    Task = RawColumns.Blob(row, 5),
                    HasTask = RawColumns.Type(row, 5) != raw.SQLITE_NULL,
                    Actor = RawColumns.Blob(row, 6),
                    Session = RawColumns.Blob(row, 7),
                    HasSession = RawColumns.Type(row, 7) != raw.SQLITE_NULL,
                    Payload = RawColumns.Blob(row, 8),
                    PayloadCompressed = RawColumns.Type(row, 8) == raw.SQLITE_BLOB,
                    Dictionaries = dictionaries,
                    PrevHash = prev[..prevLength],
                    Misstored = Misstored(row),
                };
                if (!sink.Add(fields, hash))
                {
                    return;
                }

                // The next event links to this one's hash (a text hash longer than 64 bytes cannot be a link).
                prevLength = Math.Min(hash.Length, 64);
                if (hash.Length <= 64 && !hash.Overlaps(current))
                {
                    hash.CopyTo(current);
                }

                var swap = prev;
                prev = current;
                current = swap;
            }

            // A damaged page ends the scan with an error, never with a shorter chain that looks whole.
            if (rc != raw.SQLITE_DONE)
            {
                throw KosException.Environment($"The ledger {Path} cannot be read to its end ({raw.sqlite3_errmsg(db).utf8_to_string()}): its file is damaged. " +
                                               "kos has not modified it. Keep it as evidence and restore it from a backup.");
            }
        }
    }

    /// <summary>
    /// The stored hash of <paramref name="seq"/> (or of the archive ending there) as hex in <paramref name="into"/>;
    /// 0 bytes when there is no such event.
    /// </summary>
    private static int HashOf(sqlite3 db, long seq, Span<byte> into)
    {
        if (raw.sqlite3_prepare_v2(db, "SELECT hash FROM events WHERE seq = ?1 UNION ALL SELECT last_hash FROM archives WHERE last_seq = ?1 LIMIT 1", out sqlite3_stmt stmt) != raw.SQLITE_OK)
        {
            throw KosException.Environment($"Cannot read the ledger: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }

        using (stmt)
        {
            raw.sqlite3_bind_int64(stmt, 1, seq);
            if (raw.sqlite3_step(stmt) != raw.SQLITE_ROW)
            {
                return 0;
            }

            var hash = Hex(stmt, 0, into);
            var n = Math.Min(hash.Length, into.Length);
            if (!hash.Overlaps(into))
            {
                hash[..n].CopyTo(into);
            }

            return n;
        }
    }

    /// <summary>
    /// Which of the columns reads select by (type, task) or kos writes as text (actor, session) holds another kind of value.
    /// </summary>
    private static string? Misstored(IntPtr row) =>
        Kind(row, 4, "type", nullable: false) ?? Kind(row, 5, "task", nullable: true) ?? Kind(row, 6, "actor", nullable: false) ??
        Kind(row, 7, "session", nullable: true);

    private static string? Kind(IntPtr row, int column, string name, bool nullable) => RawColumns.Type(row, column) switch
    {
        raw.SQLITE_TEXT => null,
        raw.SQLITE_NULL when nullable => null,
        raw.SQLITE_NULL => $"its {name} is missing",
        raw.SQLITE_BLOB => $"its {name} is stored as a blob, not text",
        _ => $"its {name} is stored as a number, not text",
    };

    private static ReadOnlySpan<byte> Genesis => "0000000000000000000000000000000000000000000000000000000000000000"u8;

    /// <summary>A binary column as lowercase hex in <paramref name="into"/>; a text one as it is stored.</summary>
    private static ReadOnlySpan<byte> Hex(sqlite3_stmt stmt, int column, Span<byte> into) => Hex(RawColumns.Handle(stmt), column, into);

    private static ReadOnlySpan<byte> Hex(IntPtr stmt, int column, Span<byte> into)
    {
        var value = RawColumns.Blob(stmt, column);
        if (RawColumns.Type(stmt, column) != raw.SQLITE_BLOB || value.Length * 2 > into.Length)
        {
            return value;
        }

        Compact.HexUtf8(value, into);
        return into[..(value.Length * 2)];
    }
}
