using KnowledgeOS.Ledger;

namespace KnowledgeOS.Approvals;

/// <summary><c>kernel.Approvals</c>: the human approval queue: human-only decisions asked for from an agent's context.</summary>
public interface IApprovals
{
    /// <summary>
    /// Whether the kernel's actor may take <paramref name="decision"/> now. A person may; an agent may
    /// only with an unused grant for exactly this command, which this call uses up. Otherwise the
    /// request is filed (or the pending one for the same command is returned) and the caller refuses.
    /// </summary>
    ApprovalVerdict Authorize(HumanDecision decision, IReadOnlyList<string> command, string? task, string evidence);

    /// <summary>The requests, newest first; pending only unless <paramref name="all"/>.</summary>
    IReadOnlyList<ApprovalRequest> List(bool all = false);

    /// <summary>A person grants (once) or denies a pending request. Agents cannot answer.</summary>
    ApprovalRequest Answer(string id, bool grant, string? note);

    /// <summary>A request by ID or unique prefix (with or without "Q-").</summary>
    ApprovalRequest Find(ILedgerReader r, string input);
}
