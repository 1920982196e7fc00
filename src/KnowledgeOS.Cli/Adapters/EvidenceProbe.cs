using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>The adapters' one call site for "does fresh passing evidence back this task?" (<see cref="EvidenceCheck"/>).</summary>
internal static class EvidenceProbe
{
    public static IReadOnlyList<string> Problems(Kernel kernel, ILedgerReader r, TaskState task) =>
        EvidenceCheck.Problems(kernel.Project, kernel.Config, r, task);
}
