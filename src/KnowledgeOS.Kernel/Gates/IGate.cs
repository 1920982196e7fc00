using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Gates;

/// <summary>What a gate does with its findings under a given strictness.</summary>
public enum Enforcement
{
    Skip,
    Warn,
    Enforce,
}

/// <summary>
/// A small check that must hold before a task enters a phase. Gates are composed: the kernel
/// ships its own, and modules (evidence, scopes, claims) add theirs.
/// </summary>
public interface IGate
{
    /// <summary>The name used in config overrides (<c>[gates] NAME = "strict"</c>) and in refusals.</summary>
    string Name { get; }

    bool AppliesTo(Phase from, Phase to);

    /// <summary>What the gate's findings mean under <paramref name="strictness"/>.</summary>
    Enforcement Level(Strictness strictness);

    /// <summary>Every reason the transition should not happen; empty when it may.</summary>
    IEnumerable<string> Check(GateContext context);
}

/// <summary>Everything a gate may look at. <see cref="Proposed"/> is the task as it would be after the move.</summary>
public sealed record GateContext(
    TaskState Current,
    TaskState Proposed,
    Phase To,
    ILedgerReader Ledger,
    KosProject Project,
    KosConfig Config,
    TimeProvider Clock,
    string Actor);

/// <summary>One gate's finding about a transition.</summary>
public sealed record GateFinding(string Gate, string Reason)
{
    public override string ToString() => $"[{Gate}] {Reason}";
}

/// <summary>The verdict over all gates: refusals block, warnings are recorded and shown.</summary>
public sealed record GateVerdict(IReadOnlyList<GateFinding> Refusals, IReadOnlyList<GateFinding> Warnings)
{
    public bool Passed => Refusals.Count == 0;
}
