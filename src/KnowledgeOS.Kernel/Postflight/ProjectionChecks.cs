using KnowledgeOS.Projections;

namespace KnowledgeOS.Postflight;

/// <summary>
/// The task projections are what their events say (<see cref="ProjectionCheck"/>): none edited outside kos. From an
/// anchored checkpoint whose task replay (<see cref="ProjectionFold"/>) matches its anchor, only the events after that
/// replay are folded onto it; otherwise every task event is replayed. Either way every projection row is compared.
/// </summary>
internal static class ProjectionChecks
{
    private const int Shown = 20;

    public static void Run(PostflightContext c)
    {
        var r = c.Ledger;
        var head = r.Head()?.Seq ?? 0;
        var archived = r.Archives() is [.., var last] ? last.LastSeq : 0;
        var (kept, why) = ProjectionFold.Load(r, c.CheckpointFold, archived);
        if (why is not null)
        {
            c.Notes.Add(why);
        }

        // Events appended while this runs (seq > head) are left to the next run: the fold is exact up to head.
        var replayed = kept is null
            ? TaskReplay.Fold(r.EventsOfTypes(TaskReplay.Types).TakeWhile(e => e.Seq <= head))
            : TaskReplay.Fold(r.EventsOfTypes(TaskReplay.Types, afterSeq: kept.Through).TakeWhile(e => e.Seq <= head), kept.Replayed());
        c.Fold = ProjectionFold.Of(head, archived, replayed);
        var report = ProjectionCheck.Against(r, replayed);
        foreach (var d in report.Drifts.Take(Shown))
        {
            c.Problem("projections", d.ToString(), ProjectionReport.Fix);
        }

        if (report.Drifts.Count > Shown)
        {
            c.Problem("projections", $"{report.Drifts.Count - Shown} more projection rows differ from their events", "'kos trace verify' lists them all");
        }

        if (report.Archived > 0)
        {
            c.Notes.Add($"{report.Archived} task(s) created in archived events were not replayed ('kos trace verify --all' checks the archives)");
        }
    }
}
