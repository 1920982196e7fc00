using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// The adapters' one call site for verify-claim on an agent's final message
/// (<see cref="ClaimVerifier"/>): forged markers and completion claims without fresh evidence.
/// </summary>
internal static class ClaimCheck
{
    public static IReadOnlyList<string> Unbacked(Kernel kernel, string? message, string? task)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return [];
        }

        var report = ClaimVerifier.Verify(kernel, message, task);
        return report.Markers.Where(m => m.Status != MarkerStatus.Valid).Select(m => $"the marker '{m.Line}' does not verify: {m.Explanation}")
            .Concat(report.Claims.Where(c => !c.Backed).Select(c => $"the message claims '{c.Claim}' (line {c.Line}) but {c.Explanation}"))
            .ToList();
    }
}
