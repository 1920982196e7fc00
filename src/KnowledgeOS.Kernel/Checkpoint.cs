using KnowledgeOS.Gates;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS;

/// <summary>A passed gate: the event it appended and the marker line that quotes it.</summary>
public sealed record Checkpoint(string Task, Phase Phase, LedgerEvent Event)
{
    public string Marker => $"CHECKPOINT_OK {Task} {Phase.Name()} {Event.ShortHash}";
}

/// <summary>The outcome of a lifecycle command. Refusals are data, not exceptions.</summary>
public sealed record MoveResult(
    TaskState Task,
    IReadOnlyList<Checkpoint> Checkpoints,
    IReadOnlyList<GateFinding> Refusals,
    IReadOnlyList<GateFinding> Warnings)
{
    public bool Ok => Refusals.Count == 0;

    /// <summary>True when the refused move was undone whole (a refused <c>--quick</c> create leaves no task).</summary>
    public bool Discarded { get; init; }
}
