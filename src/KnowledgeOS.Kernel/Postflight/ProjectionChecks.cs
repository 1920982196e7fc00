using KnowledgeOS.Projections;

namespace KnowledgeOS.Postflight;

/// <summary>The task projections are what their events say (<see cref="ProjectionCheck"/>): none edited outside kos.</summary>
internal static class ProjectionChecks
{
    private const int Shown = 20;

    public static void Run(PostflightContext c)
    {
        var report = ProjectionCheck.All(c.Ledger);
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
