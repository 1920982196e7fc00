using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Postflight;

/// <summary>The <see cref="IPostflight"/> service, created once per kernel.</summary>
internal sealed class PostflightService(Kernel kernel) : IPostflight
{
    /// <summary>
    /// Runs postflight and records the outcome: <c>postflight.ok</c> (the event a [SYNC_OK] marker
    /// quotes) only when nothing is wrong, else <c>postflight.failed</c> with the problems.
    /// </summary>
    /// <remarks>
    /// A clean run records a checkpoint at its own event (projection record and, outside the ledger,
    /// <c>.git/kos/checkpoint</c>); the next run verifies the chain from there (see <see cref="ChainChecks"/>)
    /// unless <paramref name="full"/>.
    /// </remarks>
    public (PostflightReport Report, LedgerEvent Event) Run(Func<string, string?> env, bool full = false, ChainPolicy? policy = null)
    {
        var report = PostflightRunner.Run(kernel, env, full, policy);
        var records = report.Ok ? PostflightCheckpoint.RecordsDigest(kernel.Project) : null;
        PostflightCheckpoint? checkpoint = null;
        var e = kernel.Store.Write(w =>
        {
            var recorded = kernel.Append(w, report.Ok ? EventCatalog.PostflightOk : EventCatalog.PostflightFailed, null,
                new PostflightRecorded(report.GitHead, report.Tree, report.Tasks, w.Head()?.Hash, report.Problems.Select(p => p.ToString()).ToList(), report.Notes));
            if (report.Ok)
            {
                checkpoint = new PostflightCheckpoint(recorded.Seq, recorded.Hash, report.Tree, report.GitHead, records!, report.Fold?.Put(w));
                checkpoint.Put(w);
            }

            return recorded;
        });
        checkpoint?.Anchor(kernel.Project);
        if (!report.Problems.Any(p => p.Check == "ledger"))
        {
            // The head, this postflight's own event included, is written down outside the ledger.
            Ledger.Anchors.LedgerAnchors.Anchor(kernel.Project, kernel.Store);
        }

        return (report, e);
    }
}
