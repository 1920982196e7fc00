using KnowledgeOS.Evidence;

namespace KnowledgeOS.Postflight;

/// <summary>
/// Reconciles the project: the ledger, task records, specs, done tasks' evidence, the working
/// tree against active scopes, the agent hooks that call kos, and the registry. [SYNC_OK] only when all hold.
/// </summary>
public static class PostflightRunner
{
    /// <param name="full">Re-verify the whole chain even when a checkpoint allows checking only what changed since.</param>
    public static PostflightReport Run(Kernel kernel, Func<string, string?> env, bool full = false, ChainPolicy? policy = null)
    {
        var c = new PostflightContext(kernel, env);
        var (chain, scope) = ChainChecks.Run(c, full, policy ?? ChainPolicy.Default);
        if (!chain.Ok)
        {
            c.Problem("ledger", $"the ledger chain is broken at seq {chain.FirstBadSeq}: {chain.Problem}",
                "restore .agent-os/state/ledger.db from a backup; 'kos trace verify' shows the first bad event");
        }

        var anchored = Ledger.Anchors.LedgerAnchors.Check(kernel.Project, kernel.Store);
        foreach (var problem in anchored)
        {
            c.Problem("ledger", problem, "restore the clone's ledger from a backup (kos cannot rebuild removed events); 'kos trace verify' shows the same");
        }

        ProjectionChecks.Run(c);
        RecordChecks.Run(c);
        SpecChecks.Run(c);
        DoneEvidenceChecks.Run(c);
        WorkingTreeChecks.Run(c);
        WorktreeChecks.Run(c);
        HookChecks.Run(c);
        GovernanceChecks.Run(c);
        RegistryChecks.Run(c);
        return new PostflightReport(c.GitHead, c.Tree, c.Tasks.Count, c.Problems, c.Notes, c.StaleFiles, c.RecordsToRender, scope) { Fold = c.Fold };
    }

    internal static string Names(IReadOnlyList<string> files) => EvidenceCheck.Names(files);
}
