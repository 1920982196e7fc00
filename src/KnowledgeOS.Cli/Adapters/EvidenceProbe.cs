using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// The adapters' one call site for "does fresh passing evidence back this task?". Until the
/// evidence module (branch <c>evidence</c>, <c>EvidenceCheck.Problems</c>) is merged, it reads the
/// latest <c>evidence</c> record and its <c>passed</c> flag.
/// </summary>
internal static class EvidenceProbe
{
    public static IReadOnlyList<string> Problems(Kernel kernel, ILedgerReader r, TaskState task) =>
        r.GetRecord("evidence", task.Id) is { } json && json.Contains("\"passed\":true", StringComparison.Ordinal)
            ? []
            : [$"no evidence: kos has not run this task's evals; run 'kos eval-task {task.Id}'"];
}
