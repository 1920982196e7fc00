using System.Collections.Concurrent;
using System.Text;
using SQLitePCL;

namespace KnowledgeOS.Ledger.Sqlite;

public sealed partial class SqliteLedgerStore
{
    private const int VerifyBatchRows = 8192;

    /// <summary>
    /// Walks the chain. One thread reads SQLite's raw column bytes (no row becomes a .NET string)
    /// and checks the links; the other cores re-hash batches of events in parallel.
    /// </summary>
    public ChainReport Verify()
    {
        var db = _connection.Handle!;
        if (raw.sqlite3_prepare_v2(db, $"SELECT {EventColumns} FROM events ORDER BY seq", out sqlite3_stmt stmt) != raw.SQLITE_OK)
        {
            throw KosException.Environment($"Cannot read the ledger: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }

        var failures = new ConcurrentBag<(long Seq, string Problem)>();
        long firstFailure = long.MaxValue;
        using var queue = new BlockingCollection<EventBatch>(boundedCapacity: 4);
        var workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(() =>
        {
            var hasher = new EventHasher(bulk: true);
            foreach (var batch in queue.GetConsumingEnumerable())
            {
                if (batch.Check(hasher) is { } bad)
                {
                    failures.Add(bad);
                    InterlockedMin(ref firstFailure, bad.Seq);
                }
            }
        })).ToArray();

        long count = 0;
        byte[] head = Encoding.ASCII.GetBytes(EventHasher.Genesis);
        (long Seq, string Problem)? linkFailure = null;
        try
        {
            using (stmt)
            {
                var batch = new EventBatch(VerifyBatchRows);
                long expected = 1;
                int rc;
                while (Interlocked.Read(ref firstFailure) == long.MaxValue && (rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                {
                    var seq = raw.sqlite3_column_int64(stmt, 0);
                    if (seq != expected)
                    {
                        linkFailure = (expected, $"event {expected} is missing (next stored event is {seq})");
                        break;
                    }

                    var prevHash = raw.sqlite3_column_blob(stmt, 8);
                    if (!prevHash.SequenceEqual(head))
                    {
                        linkFailure = (seq, $"event {seq} does not link to event {seq - 1} (prev_hash differs)");
                        break;
                    }

                    batch.Add(stmt, seq);
                    head = raw.sqlite3_column_blob(stmt, 9).ToArray();
                    expected++;
                    if (batch.IsFull)
                    {
                        queue.Add(batch);
                        batch = new EventBatch(VerifyBatchRows);
                    }
                }

                if (batch.Count > 0)
                {
                    queue.Add(batch);
                }

                count = expected - 1;
            }
        }
        finally
        {
            queue.CompleteAdding();
            Task.WaitAll(workers);
        }

        var all = failures.ToList();
        if (linkFailure is { } lf)
        {
            all.Add(lf);
        }

        if (all.Count == 0)
        {
            return new ChainReport(count, Encoding.ASCII.GetString(head), null, null);
        }

        var first = all.MinBy(f => f.Seq);
        var intact = first.Seq - 1;
        var intactHead = intact == 0 ? EventHasher.Genesis : GetEvent(intact)?.Hash ?? "";
        return new ChainReport(intact, intactHead, first.Seq, first.Problem);
    }

    private static void InterlockedMin(ref long target, long value)
    {
        long current;
        while (value < (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>A run of events copied out of SQLite so they can be re-hashed on another thread.</summary>
    private sealed class EventBatch(int capacity)
    {
        private const int Fields = 9; // id, time, type, task, actor, session, payload, prev_hash, hash
        private readonly long[] _seqs = new long[capacity];
        private readonly int[] _offsets = new int[capacity * (Fields + 1)];
        private readonly bool[] _hasTask = new bool[capacity];
        private readonly bool[] _hasSession = new bool[capacity];
        private byte[] _data = new byte[capacity * 512];
        private int _used;

        public int Count { get; private set; }

        public bool IsFull => Count == capacity;

        public void Add(sqlite3_stmt stmt, long seq)
        {
            var row = Count++;
            _seqs[row] = seq;
            _hasTask[row] = raw.sqlite3_column_type(stmt, 4) != raw.SQLITE_NULL;
            _hasSession[row] = raw.sqlite3_column_type(stmt, 6) != raw.SQLITE_NULL;
            var o = row * (Fields + 1);
            for (var f = 0; f < Fields; f++)
            {
                _offsets[o + f] = _used;
                Append(raw.sqlite3_column_blob(stmt, f + 1));
            }

            _offsets[o + Fields] = _used;
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            if (_used + bytes.Length > _data.Length)
            {
                Array.Resize(ref _data, Math.Max(_data.Length * 2, _used + bytes.Length));
            }

            bytes.CopyTo(_data.AsSpan(_used));
            _used += bytes.Length;
        }

        private ReadOnlySpan<byte> Field(int row, int f)
        {
            var o = row * (Fields + 1) + f;
            return _data.AsSpan(_offsets[o], _offsets[o + 1] - _offsets[o]);
        }

        /// <summary>The first event in the batch whose stored hash does not match its content, if any.</summary>
        public (long Seq, string Problem)? Check(EventHasher hasher)
        {
            Span<byte> digest = stackalloc byte[32];
            Span<char> hex = stackalloc char[64];
            for (var row = 0; row < Count; row++)
            {
                var fields = new EventFields
                {
                    Seq = _seqs[row],
                    Id = Field(row, 0),
                    Time = Field(row, 1),
                    Type = Field(row, 2),
                    Task = Field(row, 3),
                    HasTask = _hasTask[row],
                    Actor = Field(row, 4),
                    Session = Field(row, 5),
                    HasSession = _hasSession[row],
                    Payload = Field(row, 6),
                    PrevHash = Field(row, 7),
                };
                try
                {
                    hasher.Compute(fields, digest);
                }
                catch (ArgumentException)
                {
                    return (_seqs[row], $"event {_seqs[row]} was altered after it was written (it holds invalid text)");
                }

                Convert.TryToHexStringLower(digest, hex, out _);
                if (!HexEquals(Field(row, 8), hex))
                {
                    return (_seqs[row], $"event {_seqs[row]} was altered after it was written (its hash does not match its content)");
                }
            }

            return null;
        }
    }

    private static bool HexEquals(ReadOnlySpan<byte> stored, ReadOnlySpan<char> computed)
    {
        if (stored.Length != computed.Length)
        {
            return false;
        }

        for (var i = 0; i < stored.Length; i++)
        {
            if (stored[i] != computed[i])
            {
                return false;
            }
        }

        return true;
    }
}
