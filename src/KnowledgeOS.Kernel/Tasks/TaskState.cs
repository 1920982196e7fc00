namespace KnowledgeOS.Tasks;

/// <summary>The projection of one task: everything its events have established so far.</summary>
public sealed record TaskState
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string Intent { get; init; } = "";
    public string? SpecId { get; init; }
    public string? SpecHash { get; init; }
    public IReadOnlyList<string> Requirements { get; init; } = [];
    public Phase Phase { get; init; }
    /// <summary>Where a blocked task returns to on reopen.</summary>
    public Phase? BlockedFrom { get; init; }
    public IReadOnlyList<string> Scope { get; init; } = [];
    public string? Agent { get; init; }
    public IReadOnlyList<PlanStep> Plan { get; init; } = [];
    public string? Planner { get; init; }
    public string? Reviewer { get; init; }
    public string? ReviewNote { get; init; }
    public Claim? Claim { get; init; }
    public IReadOnlyList<string> Evals { get; init; } = [];
    public bool Quick { get; init; }
    public required string CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required string UpdatedAt { get; init; }
    public long LastSeq { get; init; }
}

/// <summary>A plan step and the requirement IDs it serves.</summary>
public sealed record PlanStep(IReadOnlyList<string> Requirements, string Text);

/// <summary>An agent session's hold on a task, valid until the lease runs out; activity renews it by <see cref="LeaseSeconds"/>.</summary>
public sealed record Claim(string Session, string? Agent, string LeaseUntil, string ClaimedAt, double LeaseSeconds = 0);
