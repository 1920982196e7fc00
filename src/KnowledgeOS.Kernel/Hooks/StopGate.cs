using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Hooks;

/// <summary>
/// The Stop gate: may the agent stop now? Not while its task (in execute or report) lacks fresh
/// passing evidence, and never on a final message with forged markers or completion claims the
/// evidence does not back (<see cref="ClaimVerifier"/>). Only a main agent's Stop checks evidence;
/// a subagent's only its claims.
/// </summary>
public static class StopGate
{
    public static IReadOnlyList<string> Problems(Kernel kernel, ILedgerReader r, TaskState? task, string? lastMessage, bool subagent)
    {
        // No problem carries advice: the block text says what to do, once.
        var evidence = task is { Phase: Phase.Execute or Phase.Report } && !subagent
            ? EvidenceCheck.Problems(kernel.Project, kernel.Config, r, task, advise: false)
            : [];
        var problems = new List<string>(evidence);
        problems.AddRange(Unbacked(kernel, r, lastMessage, task?.Id, evidence.Count > 0));
        return problems.Distinct().ToList();
    }

    /// <summary>Forged or stale markers and unbacked claims; a claim's reasons are not repeated when the evidence problems are already listed.</summary>
    private static IEnumerable<string> Unbacked(Kernel kernel, ILedgerReader r, string? message, string? task, bool evidenceListed)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return [];
        }

        var report = ClaimVerifier.Verify(kernel, message, task, advise: false);
        return report.Markers.Where(m => m.Status != MarkerStatus.Valid).Select(m => $"the marker '{m.Line}' does not verify: {m.Explanation}")
            .Concat(report.Markers.Select(m => (m, Stale: StaleMarkers.Why(kernel, r, m))).Where(x => x.Stale is not null)
                .Select(x => $"the marker '{x.m.Line}' is stale: {x.Stale}"))
            .Concat(report.Claims.Where(c => !c.Backed).Select(c => evidenceListed
                ? $"the message claims '{c.Claim}' (line {c.Line}), which that evidence does not back"
                : $"the message claims '{c.Claim}' (line {c.Line}) but {c.Explanation}"));
    }
}
