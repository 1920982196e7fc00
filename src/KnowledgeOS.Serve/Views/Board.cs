using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;
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

    public static Board Load(Kernel k, TreeDigest digest, DateTimeOffset now, Phase? only = null, int? cap = null)
    {
        var r = k.Store;
        var head = r.Head()?.Seq ?? 0;
        var rows = r.ListTasks();
        var violations = r.ListRecords(Card.ViolationKind)
            .GroupBy(v => v.Key[..Math.Max(0, v.Key.IndexOf(':', StringComparison.Ordinal))], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var columns = new List<Column>();
        foreach (var phase in only is { } p ? [p] : Order)
        {
            var name = phase.Name();
            var inPhase = rows.Where(row => row.Phase == name).ToList();
            var shown = new List<Card>();
            foreach (var row in inPhase.Take(cap ?? Cap(phase)))
            {
                if (k.FindTask(r, row.Id) is not { } t)
                {
                    continue;
                }

                var run = EvidenceStore.Latest(r, row.Id);
                shown.Add(Card.Of(t, run, run is null ? null : digest.Current(), violations.GetValueOrDefault(row.Id), now));
            }

            columns.Add(new Column(phase, shown, inPhase.Count));
        }

        return new Board(columns, head);
    }
}
