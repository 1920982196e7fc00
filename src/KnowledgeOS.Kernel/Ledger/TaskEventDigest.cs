using System.Text;

namespace KnowledgeOS.Ledger;

/// <summary>
/// Which events each task holds, as a digest two readings of one ledger compare without keeping the events: per task, its
/// number of events and its seqs' characteristic polynomial ∏(k − seq) mod the prime 2^61 − 1, at two points k drawn for
/// this one check (<see cref="Points.Draw"/>). Equal sets give equal digests in any order and split in any stretches;
/// two different sets of n seqs agree at a random point with probability at most n / 2^61 (Schwartz–Zippel), at both
/// points with at most (n / 2^61)², and a forger cannot aim at points drawn after the file was written.
/// Verification uses it to hold the SQLite store's per-task index to the events the chain holds (read through the table)
/// in one pass over each, instead of a b-tree search per row.
/// </summary>
public sealed class TaskEventDigest
{
    private const ulong P = (1UL << 61) - 1;

    private readonly Dictionary<string, Tally> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tally>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private byte[] _last = new byte[64];
    private int _lastLength = -1;
    private Tally? _lastTally;
    private long _unusable;

    public TaskEventDigest(Points at)
    {
        At = at;
        _byChars = _tasks.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The two points, drawn once per check and shared by both readings.</summary>
    public readonly record struct Points(ulong A, ulong B)
    {
        public static Points Draw()
        {
            Span<ulong> k = stackalloc ulong[2];
            Ids.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(k));
            return new Points(k[0] % P, k[1] % P);
        }
    }

    public Points At { get; }

    /// <summary>Events added, over every task.</summary>
    public long Events { get; private set; }

    /// <summary>Adds event <paramref name="seq"/> to the task its stored bytes name (any bytes: no two names share a key).</summary>
    public void Add(ReadOnlySpan<byte> task, long seq)
    {
        Events++;
        if (seq <= 0 || (ulong)seq >= P)
        {
            // Not a seq any ledger reaches: such an event can only fail the comparison, never hide in it.
            _unusable = _unusable == 0 ? seq : _unusable;
            return;
        }

        var tally = _lastLength == task.Length && task.SequenceEqual(_last.AsSpan(0, _lastLength)) ? _lastTally! : Find(task);
        tally.A = MulMod(tally.A, Minus(At.A, (ulong)seq));
        tally.B = MulMod(tally.B, Minus(At.B, (ulong)seq));
        tally.Count++;
    }

    /// <summary>Takes in another reading's digest of other events (a later stretch of the same pass).</summary>
    public void Include(TaskEventDigest other)
    {
        if (other.At != At)
        {
            throw new ArgumentException("Digests taken at different points cannot be combined.", nameof(other));
        }

        Events += other.Events;
        _unusable = _unusable == 0 ? other._unusable : _unusable;
        foreach (var (task, t) in other._tasks)
        {
            var mine = TallyOf(task);
            mine.A = MulMod(mine.A, t.A);
            mine.B = MulMod(mine.B, t.B);
            mine.Count += t.Count;
        }
    }

    /// <summary>
    /// Null when <paramref name="other"/> holds the same events for every task; else the first difference, in words
    /// (this digest is <paramref name="mine"/>, the other <paramref name="theirs"/>).
    /// </summary>
    public string? FirstDifference(TaskEventDigest other, string mine, string theirs)
    {
        if (other.At != At)
        {
            throw new ArgumentException("Digests taken at different points cannot be compared.", nameof(other));
        }

        if ((_unusable != 0 ? _unusable : other._unusable) is var bad and not 0)
        {
            return $"an event has seq {bad}, which no ledger reaches";
        }

        foreach (var task in _tasks.Keys.Union(other._tasks.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var a = _tasks.GetValueOrDefault(task);
            var b = other._tasks.GetValueOrDefault(task);
            var name = Name(task);
            if (a is null || b is null || a.Count != b.Count)
            {
                return $"{mine} holds {a?.Count ?? 0} event(s) of task {name}, {theirs} {b?.Count ?? 0}";
            }

            if (a.A != b.A || a.B != b.B)
            {
                return $"{mine} and {theirs} hold different events of task {name} ({a.Count} each)";
            }
        }

        return null;
    }

    private Tally Find(ReadOnlySpan<byte> task)
    {
        Span<char> chars = task.Length <= 256 ? stackalloc char[task.Length] : new char[task.Length];
        Encoding.Latin1.GetChars(task, chars);
        if (!_byChars.TryGetValue(chars, out var tally))
        {
            tally = new Tally();
            _byChars[chars] = tally;
        }

        if (_last.Length < task.Length)
        {
            _last = new byte[task.Length * 2];
        }

        task.CopyTo(_last);
        _lastLength = task.Length;
        _lastTally = tally;
        return tally;
    }

    private Tally TallyOf(string task)
    {
        if (!_tasks.TryGetValue(task, out var tally))
        {
            _tasks[task] = tally = new Tally();
        }

        return tally;
    }

    /// <summary>A key (one char per stored byte) back as the task's name, for messages.</summary>
    private static string Name(string key)
    {
        var bytes = Encoding.Latin1.GetBytes(key);
        var text = Encoding.UTF8.GetString(bytes);
        return text.Any(char.IsControl) || text.Contains('\uFFFD') ? "0x" + Convert.ToHexStringLower(bytes) : $"'{text}'";
    }

    /// <summary>k − s mod 2^61 − 1 for k, s below it.</summary>
    private static ulong Minus(ulong k, ulong s) => k >= s ? k - s : k + P - s;

    /// <summary>a·b mod 2^61 − 1 for a, b below it.</summary>
    private static ulong MulMod(ulong a, ulong b)
    {
        var m = (UInt128)a * b;
        var r = ((ulong)m & P) + (ulong)(m >> 61);
        r = (r & P) + (r >> 61);
        return r >= P ? r - P : r;
    }

    private sealed class Tally
    {
        public ulong A = 1;
        public ulong B = 1;
        public long Count;
    }
}
