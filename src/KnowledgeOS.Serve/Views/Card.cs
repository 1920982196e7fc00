using KnowledgeOS.Claims;
using KnowledgeOS.Evidence;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Serve.Views;

/// <summary>One task as a board card shows it.</summary>
internal sealed record Card(
    string Id,
    string Title,
    Phase Phase,
    string? Agent,
    string? ClaimHolder,
    TimeSpan? LeaseLeft,
    IReadOnlyList<string> Scope,
    EvidenceState Evidence,
    int Violations,
    bool LeaseLive)
{
    public const string ViolationKind = Scopes.Reconciler.ViolationKind;

    public static Card Of(TaskState t, EvidenceRun? run, string? tree, int violations, DateTimeOffset now)
    {
        var live = t.Claim is { } c && Leases.IsLive(c, now);
        return new Card(
            t.Id, t.Title, t.Phase, t.Agent ?? t.Claim?.Agent,
            t.Claim?.Session, t.Claim is { } claim ? Leases.Until(claim) - now : null,
            t.Scope, EvidenceStates.Of(run, tree), violations, live);
    }

    /// <summary>Loads one task's card, or null when the task does not exist.</summary>
    public static Card? Load(Kernel k, ILedgerReader r, string id, TreeDigest digest, DateTimeOffset now)
    {
        return k.FindTask(r, id) is { } t ? For(r, t, digest, now) : null;
    }

    /// <summary>The card of a task already read: its latest evidence and violations read beside it.</summary>
    public static Card For(ILedgerReader r, TaskState t, TreeDigest digest, DateTimeOffset now)
    {
        var run = EvidenceStore.Latest(r, t.Id);
        return Of(t, run, run is null ? null : digest.Current(), r.ListRecords(ViolationKind, t.Id).Count, now);
    }
}
