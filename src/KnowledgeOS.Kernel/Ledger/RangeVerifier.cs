using System.Collections.Concurrent;
using System.Text;

namespace KnowledgeOS.Ledger;

/// <summary>
/// Verifies a chain as several stretches at once, each read by its own reader and re-hashed on its own
/// core with nothing copied between threads (<see cref="IRangeScan"/>). A stretch starts from the stored
/// hash of the event before it, so together the stretches check every link: an event altered at a
/// seam still fails its own hash, and the event after it fails its link. The first failure by seq wins.
/// </summary>
internal static class RangeVerifier
{
    /// <summary>Below this many events one reader is as fast.</summary>
    public const long ParallelFrom = 20_000;

    /// <summary>Stretches per core: a core whose stretches end early takes more, so no core idles at the end.</summary>
    private const int StretchesPerCore = 4;

    /// <summary>
    /// Verifies the events after <paramref name="afterSeq"/> (0, or the last archived event, whose hash is <paramref name="afterHash"/>),
    /// running <paramref name="alongside"/> on the same cores meanwhile (work that reads the store's own connection, which the
    /// stretches leave free: each reads on a connection of its own). Each task's events go into <paramref name="tasks"/> when given.
    /// </summary>
    public static ChainReport Verify(IRangeScan engine, Func<long, string?> hashOf, long afterSeq = 0, string afterHash = EventHasher.Genesis,
        IReadOnlyList<Action>? alongside = null, TaskEventDigest? tasks = null)
    {
        alongside ??= [];
        if (engine.Extent() is not (var min, var max))
        {
            RunAll(alongside);
            return afterSeq == 0
                ? new ChainReport(0, EventHasher.Genesis, null, null)
                : new ChainReport(afterSeq, afterHash, afterSeq + 1, $"event {afterSeq + 1} is missing (the live ledger after the last archive is empty)");
        }

        var first = afterSeq + 1;
        if (min != first)
        {
            RunAll(alongside);
            return new ChainReport(afterSeq, afterHash, Math.Min(min, first), min > first
                ? $"event {first} is missing{(afterSeq > 0 ? $" (the first after the archive ending at {afterSeq})" : "")}"
                : $"an event has seq {min}, before the first live one ({first})");
        }

        var cores = Math.Max(1, Environment.ProcessorCount);
        var parts = (int)Math.Clamp((max - afterSeq) / ParallelFrom, 1, cores * StretchesPerCore);
        var size = (max - afterSeq + parts - 1) / parts;
        var sinks = Enumerable.Range(0, parts).Select(i => new Stretch(first + i * size, Math.Min(max, afterSeq + (i + 1) * size), tasks?.At)).ToArray();

        // The work alongside first (each item is one piece), then the stretches in order: they fill the cores to the end.
        var work = alongside.Concat(sinks.Select(s => (Action)(() =>
        {
            engine.ScanRange(s.From, s.To, s);
            s.Complete();
        }))).ToArray();
        RunAll(work);
        if (sinks.Where(s => s.Failure is not null).MinBy(s => s.Failure!.Value.Seq) is { } bad)
        {
            var (seq, problem) = bad.Failure!.Value;
            var intact = seq - 1;
            return new ChainReport(intact, intact == 0 ? EventHasher.Genesis : intact == afterSeq ? afterHash : hashOf(intact) ?? "", seq, problem);
        }

        foreach (var s in sinks)
        {
            tasks?.Include(s.Tasks!);
        }

        var last = sinks[^1];
        return new ChainReport(max, last.Head, null, null);
    }

    /// <summary>Runs every item on the cores, one item at a time each, in the order given.</summary>
    private static void RunAll(IReadOnlyList<Action> work)
    {
        if (work.Count > 0)
        {
            Parallel.ForEach(Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, w => w());
        }
    }

    /// <summary>One stretch: checks each event as the reader hands it over.</summary>
    private sealed class Stretch(long from, long to, TaskEventDigest.Points? tasksAt) : IChainSink
    {
        private readonly EventHasher _hasher = new(bulk: true);
        private long _expected = from;
        private string? _head;

        public long From { get; } = from;

        public long To => to;

        public (long Seq, string Problem)? Failure { get; private set; }

        public string Head => _head ?? "";

        /// <summary>Each task's events in this stretch, when asked for.</summary>
        public TaskEventDigest? Tasks { get; } = tasksAt is { } at ? new TaskEventDigest(at) : null;

        public bool Add(scoped EventFields f, ReadOnlySpan<byte> hash)
        {
            if (f.Seq != _expected)
            {
                return Fail(_expected, $"event {_expected} is missing (next stored event is {f.Seq})");
            }

            if (f.Misstored is { } misstored)
            {
                return Fail(f.Seq, $"event {f.Seq} was altered after it was written ({misstored})");
            }

            if (f.PrevHash.Length != 64)
            {
                return Fail(f.Seq, $"event {f.Seq} does not link to event {f.Seq - 1} (prev_hash differs)");
            }

            Span<byte> digest = stackalloc byte[32];
            try
            {
                _hasher.Compute(f, digest);
            }
            catch (ArgumentException)
            {
                return Fail(f.Seq, $"event {f.Seq} was altered after it was written (it holds invalid text)");
            }
            catch (InvalidDataException)
            {
                return Fail(f.Seq, $"event {f.Seq} was altered after it was written (its compressed payload is damaged)");
            }

            if (!HexMatches(hash, digest))
            {
                return Fail(f.Seq, $"event {f.Seq} was altered after it was written (its hash does not match its content)");
            }

            if (f.HasTask)
            {
                Tasks?.Add(f.Task, f.Seq);
            }

            _expected++;
            if (f.Seq == to)
            {
                _head = Encoding.ASCII.GetString(hash);
            }

            return true;
        }

        private bool Fail(long seq, string problem)
        {
            Failure = (seq, problem);
            return false;
        }

        /// <summary>Called after the scan: a stretch that ended early is missing its tail.</summary>
        public void Complete()
        {
            if (Failure is null && _expected <= to)
            {
                Failure = (_expected, $"event {_expected} is missing (the ledger ends at {_expected - 1})");
            }
        }

        private static bool HexMatches(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> digest)
        {
            if (stored.Length != 64)
            {
                return false;
            }

            ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
            for (var i = 0; i < 32; i++)
            {
                if (stored[2 * i] != digits[digest[i] >> 4] || stored[2 * i + 1] != digits[digest[i] & 0xF])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
