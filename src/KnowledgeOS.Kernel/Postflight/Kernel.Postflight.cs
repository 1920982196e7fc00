using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Postflight;

namespace KnowledgeOS;

public sealed partial class Kernel
{
    /// <summary>
    /// Runs postflight and records the outcome: <c>postflight.ok</c> (the event a [SYNC_OK] marker
    /// quotes) only when nothing is wrong, else <c>postflight.failed</c> with the problems.
    /// </summary>
    public (PostflightReport Report, LedgerEvent Event) Postflight(Func<string, string?> env)
    {
        var report = PostflightRunner.Run(this, env);
        var e = Store.Write(w => Append(w, report.Ok ? EventCatalog.PostflightOk : EventCatalog.PostflightFailed, null,
            new PostflightRecorded(report.GitHead, report.Tree, report.Tasks, w.Head()?.Hash, report.Problems.Select(p => p.ToString()).ToList(), report.Notes)));
        if (!report.Problems.Any(p => p.Check == "ledger"))
        {
            // The head, this postflight's own event included, is written down outside the ledger.
            Ledger.Anchors.LedgerAnchors.Anchor(Project, Store);
        }

        return (report, e);
    }
}
