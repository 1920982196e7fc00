using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Serve.Live;

/// <summary>
/// Every task's phase and last change, in memory, as of one ledger seq: read once from the task
/// projection when the feed starts, then kept current from the events the feed reads (only the
/// tasks those events name are read again). A board request takes each column's newest cards from
/// here instead of listing every task of the projection (10,000 rows) on every page load.
/// </summary>
internal sealed class TaskIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<Phase, SortedSet<Entry>> _byPhase = [];

    /// <summary>The seq the index reflects (the tasks as they were at least at that event); -1 until loaded.</summary>
    public long Seq { get; private set; } = -1;

    /// <summary>Loads every task from the projection, as of <paramref name="seq"/> (read before the rows).</summary>
    public void Load(ILedgerReader r, long seq)
    {
        var rows = r.ListTasks();
        lock (_gate)
        {
            _byId.Clear();
            _byPhase.Clear();
            foreach (var row in rows)
            {
                if (PhaseNames.TryParse(row.Phase, out var phase))
                {
                    Put(new Entry(row.Id, phase, row.Updated));
                }
            }

            Seq = seq;
        }
    }

    /// <summary>Records a task as the projection now holds it (null: it no longer exists), and moves the index to <paramref name="seq"/>.</summary>
    public void Update(IEnumerable<(string Id, TaskState? State)> tasks, long seq)
    {
        lock (_gate)
        {
            foreach (var (id, state) in tasks)
            {
                if (_byId.Remove(id, out var old))
                {
                    _byPhase[old.Phase].Remove(old);
                }

                if (state is not null)
                {
                    Put(new Entry(id, state.Phase, state.UpdatedAt));
                }
            }

            Seq = Math.Max(Seq, seq);
        }
    }

    /// <summary>A phase's newest tasks (last changed first, then by ID, as the projection lists them), at most <paramref name="cap"/>, and how many it holds.</summary>
    public (IReadOnlyList<string> Ids, int Total) Newest(Phase phase, int cap)
    {
        lock (_gate)
        {
            return _byPhase.TryGetValue(phase, out var set) ? ([.. set.Take(cap).Select(e => e.Id)], set.Count) : ([], 0);
        }
    }

    private void Put(Entry e)
    {
        _byId[e.Id] = e;
        if (!_byPhase.TryGetValue(e.Phase, out var set))
        {
            _byPhase[e.Phase] = set = new SortedSet<Entry>(Entry.NewestFirst);
        }

        set.Add(e);
    }

    private sealed record Entry(string Id, Phase Phase, string Updated)
    {
        public static readonly IComparer<Entry> NewestFirst = Comparer<Entry>.Create((a, b) =>
        {
            var byTime = string.CompareOrdinal(b.Updated, a.Updated);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
        });
    }
}
