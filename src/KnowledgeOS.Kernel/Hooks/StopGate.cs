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
        var problems = new List<string>();
        if (task is { Phase: Phase.Execute or Phase.Report } && !subagent)
        {
            problems.AddRange(EvidenceCheck.Problems(kernel.Project, kernel.Config, r, task, advise: false)); // the block text says what to do, once
        }

        problems.AddRange(Unbacked(kernel, r, lastMessage, task?.Id));
        return problems.Distinct().ToList();
    }

    private static IEnumerable<string> Unbacked(Kernel kernel, ILedgerReader r, string? message, string? task)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return [];
        }

        var report = ClaimVerifier.Verify(kernel, message, task);
        return report.Markers.Where(m => m.Status != MarkerStatus.Valid).Select(m => $"the marker '{m.Line}' does not verify: {m.Explanation}")
            .Concat(report.Markers.Select(m => (m, Stale: StaleMarkers.Why(kernel, r, m))).Where(x => x.Stale is not null)
                .Select(x => $"the marker '{x.m.Line}' is stale: {x.Stale}"))
            .Concat(report.Claims.Where(c => !c.Backed).Select(c => $"the message claims '{c.Claim}' (line {c.Line}) but {c.Explanation}"));
    }
}
