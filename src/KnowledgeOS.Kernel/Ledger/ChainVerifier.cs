using System.Collections.Concurrent;
using System.Text;

namespace KnowledgeOS.Ledger;

/// <summary>
/// Walks a chain as any engine stores it. The engine's scan thread hands over raw column bytes
/// (no row becomes a .NET string) and this checks the seq and prev_hash links; the other cores
/// re-hash batches of events in parallel.
/// </summary>
public sealed class ChainVerifier : IChainSink, IDisposable
{
    private const int BatchRows = 8192;

    private readonly ConcurrentBag<(long Seq, string Problem)> _failures = [];
    private readonly BlockingCollection<EventBatch> _queue = new(boundedCapacity: 4);
    private readonly Task[] _workers;
    private long _firstFailure = long.MaxValue;
    private long _expected = 1;
    private readonly byte[] _head = new byte[256];
    private int _headLength;
    private (long Seq, string Problem)? _linkFailure;
    private EventBatch _batch = new(BatchRows);
    private readonly TaskEventDigest? _tasks;

    private ChainVerifier(long afterSeq, string afterHash, TaskEventDigest? tasks)
    {
        _tasks = tasks;
        _expected = afterSeq + 1;
        _headLength = Encoding.ASCII.GetBytes(afterHash, _head);
        _workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(Work)).ToArray();
    }

    /// <summary>
    /// The live chain: after the last sealed archive (whose rows must link up, see <see cref="Archive.ArchiveLinks"/>),
    /// every event must follow on from the one before, the first from the archive's last hash.
    /// <paramref name="alongside"/> runs while the chain is verified when the engine reads it on connections of its own
    /// (<see cref="IRangeScan"/>: the engine's own connection is then free for it), else after the chain.
    /// Each live task's events go into <paramref name="tasks"/> when given.
    /// </summary>
    public static ChainReport Verify(IStoreEngine engine, IReadOnlyList<Action>? alongside = null, TaskEventDigest? tasks = null)
    {
        alongside ??= [];
        var archives = engine.Archives();
        if (Archive.ArchiveLinks.Check(archives, engine.GetEvent) is { } broken)
        {
            foreach (var w in alongside)
            {
                w();
            }

            return broken;
        }

        var (afterSeq, afterHash) = archives.Count == 0 ? (0L, EventHasher.Genesis) : (archives[^1].LastSeq, archives[^1].LastHash);
        string? HashOf(long seq) => seq == afterSeq ? afterHash : engine.GetEvent(seq)?.Hash;
        if (engine is IRangeScan { RangesVisible: true } ranges)
        {
            return RangeVerifier.Verify(ranges, HashOf, afterSeq, afterHash, alongside, tasks);
        }

        var report = Verify(engine.ScanChain, HashOf, afterSeq, afterHash, tasks);
        foreach (var w in alongside)
        {
            w();
        }

        return report;
    }

    /// <summary>
    /// Verifies what <paramref name="scan"/> feeds, starting after event <paramref name="afterSeq"/> whose hash is
    /// <paramref name="afterHash"/> (genesis for a whole chain); <paramref name="hashOf"/> names the intact head when it breaks.
    /// Each task's events go into <paramref name="tasks"/> when given.
    /// </summary>
    public static ChainReport Verify(Action<IChainSink> scan, Func<long, string?> hashOf, long afterSeq = 0, string afterHash = EventHasher.Genesis,
        TaskEventDigest? tasks = null)
    {
        using var v = new ChainVerifier(afterSeq, afterHash, tasks);
        try
        {
            scan(v);
        }
        finally
        {
            v.Finish();
        }

        return v.Report(hashOf);
    }

    public bool Add(scoped EventFields f, ReadOnlySpan<byte> hash)
    {
        if (Interlocked.Read(ref _firstFailure) != long.MaxValue)
        {
            return false;
        }

        if (f.Seq != _expected)
        {
            _linkFailure = (_expected, $"event {_expected} is missing (next stored event is {f.Seq})");
            return false;
        }

        if (!f.PrevHash.SequenceEqual(_head.AsSpan(0, _headLength)))
        {
            _linkFailure = (f.Seq, $"event {f.Seq} does not link to event {f.Seq - 1} (prev_hash differs)");
            return false;
        }

        if (f.Misstored is { } misstored)
        {
            _linkFailure = (f.Seq, $"event {f.Seq} was altered after it was written ({misstored})");
            return false;
        }

        _batch.Add(f, hash);
        if (hash.Length > _head.Length)
        {
            // No hash is this long: the event itself fails its check; what follows cannot link to it.
            _linkFailure = (f.Seq, $"event {f.Seq} was altered after it was written (its stored hash is {hash.Length} bytes)");
            return false;
        }

        hash.CopyTo(_head);
        _headLength = hash.Length;
        if (f.HasTask)
        {
            _tasks?.Add(f.Task, f.Seq);
        }

        _expected++;
        if (_batch.IsFull)
        {
            _queue.Add(_batch);
            _batch = new EventBatch(BatchRows);
        }

        return true;
    }

    private void Work()
    {
        var hasher = new EventHasher(bulk: true);
        foreach (var batch in _queue.GetConsumingEnumerable())
        {
            if (batch.Check(hasher) is { } bad)
            {
                _failures.Add(bad);
                InterlockedMin(ref _firstFailure, bad.Seq);
            }
        }
    }

    private void Finish()
    {
        if (_batch.Count > 0)
        {
            _queue.Add(_batch);
        }

        _queue.CompleteAdding();
        Task.WaitAll(_workers);
    }

    private ChainReport Report(Func<long, string?> hashOf)
    {
        var all = _failures.ToList();
        if (_linkFailure is { } lf)
        {
            all.Add(lf);
        }

        if (all.Count == 0)
        {
            return new ChainReport(_expected - 1, Encoding.ASCII.GetString(_head, 0, _headLength), null, null);
        }

        var first = all.MinBy(f => f.Seq);
        var intact = first.Seq - 1;
        var intactHead = intact == 0 ? EventHasher.Genesis : hashOf(intact) ?? "";

        return new ChainReport(intact, intactHead, first.Seq, first.Problem);
    }

    public void Dispose() => _queue.Dispose();

    private static void InterlockedMin(ref long target, long value)
    {
        long current;
        while (value < (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>A run of events copied out of the engine so they can be re-hashed on another thread.</summary>
    private sealed class EventBatch(int capacity)
    {
        private const int Fields = 9; // id, time, type, task, actor, session, payload, prev_hash, hash
        private readonly long[] _seqs = new long[capacity];
        private readonly int[] _offsets = new int[capacity * (Fields + 1)];
        private readonly bool[] _hasTask = new bool[capacity];
        private readonly bool[] _hasSession = new bool[capacity];
        private readonly bool[] _compressed = new bool[capacity];
        private byte[] _data = new byte[capacity * 512];
        private int _used;
        private Sqlite.PayloadDictionaries? _dictionaries;

        public int Count { get; private set; }

        public bool IsFull => Count == capacity;

        public void Add(scoped EventFields f, ReadOnlySpan<byte> hash)
        {
            var row = Count++;
            _seqs[row] = f.Seq;
            _hasTask[row] = f.HasTask;
            _hasSession[row] = f.HasSession;
            _compressed[row] = f.PayloadCompressed;
            _dictionaries ??= f.Dictionaries;
            var o = row * (Fields + 1);
            Put(o + 0, f.Id);
            Put(o + 1, f.Time);
            Put(o + 2, f.Type);
            Put(o + 3, f.Task);
            Put(o + 4, f.Actor);
            Put(o + 5, f.Session);
            Put(o + 6, f.Payload);
            Put(o + 7, f.PrevHash);
            Put(o + 8, hash);
            _offsets[o + Fields] = _used;
        }

        private void Put(int slot, ReadOnlySpan<byte> bytes)
        {
            _offsets[slot] = _used;
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
                    PayloadCompressed = _compressed[row],
                    Dictionaries = _dictionaries,
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
                catch (InvalidDataException)
                {
                    return (_seqs[row], $"event {_seqs[row]} was altered after it was written (its compressed payload is damaged)");
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
