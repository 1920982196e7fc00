using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;
using KnowledgeOS.Serve.Live;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Serve.Views;

/// <summary>A phase's column: the cards shown and how many more the phase holds.</summary>
internal sealed record Column(Phase Phase, IReadOnlyList<Card> Cards, int Total);

/// <summary>The board: every phase's tasks, most recently changed first, each column capped so a big ledger stays quick.</summary>
internal sealed record Board(IReadOnlyList<Column> Columns, long HeadSeq)
{
    /// <summary>The board's columns, left to right.</summary>
    public static readonly Phase[] Order =
    [
        Phase.Intake, Phase.Route, Phase.Plan, Phase.Review, Phase.Dispatch, Phase.Execute, Phase.Report,
        Phase.Blocked, Phase.Done, Phase.Abandoned,
    ];

    public static int Cap(Phase p) => p.IsClosed() ? 20 : 200;

    /// <summary>
    /// Loads the board. With the feed's <paramref name="index"/> loaded, each column's newest tasks come from it and the page
    /// follows the live stream from the seq the index reflects; without it (the feed not started yet), from the projection.
    /// </summary>
    public static Board Load(Kernel k, TreeDigest digest, DateTimeOffset now, TaskIndex? index = null, Phase? only = null, int? cap = null)
    {
        var r = k.Store;
        var indexed = index is { Seq: >= 0 };
        var head = indexed ? index!.Seq : r.Head()?.Seq ?? 0;
        var rows = indexed ? null : r.ListTasks();
        var columns = new List<Column>();
        foreach (var phase in only is { } p ? [p] : Order)
        {
            var take = cap ?? Cap(phase);
            var (ids, total) = indexed ? index!.Newest(phase, take) : FromRows(rows!, phase, take);
            var shown = new List<Card>();
            foreach (var id in ids)
            {
                if (k.FindTask(r, id) is not { } t)
                {
                    continue;
                }

                var run = EvidenceStore.Latest(r, id);
                shown.Add(Card.Of(t, run, run is null ? null : digest.Current(), r.ListRecords(Card.ViolationKind, id).Count, now));
            }

            columns.Add(new Column(phase, shown, total));
        }

        return new Board(columns, head);
    }

    private static (IReadOnlyList<string> Ids, int Total) FromRows(IReadOnlyList<TaskRow> rows, Phase phase, int cap)
    {
        var name = phase.Name();
        var inPhase = rows.Where(row => row.Phase == name).ToList();
        return ([.. inPhase.Take(cap).Select(row => row.Id)], inPhase.Count);
    }
}
