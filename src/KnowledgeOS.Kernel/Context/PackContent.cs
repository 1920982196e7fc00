namespace KnowledgeOS.Context;

/// <summary>One file in scope: repository-relative path, size, and why it ranks where it does.</summary>
public sealed record PackFile(string Path, long Size, int Score, string Why);

public sealed record PackEvent(long Seq, string Time, string Type, string Text);

/// <summary>
/// Everything a pack may say, in the order of importance used when fitting the budget: intent and
/// requirements are never dropped; files go first, then denials, decisions, evidence, plan, scope.
/// </summary>
public sealed record PackContent
{
    public required string TaskId { get; init; }
    public required string Title { get; init; }
    public required string Phase { get; init; }
    public string? Agent { get; init; }
    public string? ClaimedBy { get; init; }
    public string? SpecId { get; init; }
    public string? SpecTitle { get; init; }
    public string? SpecHash { get; init; }
    public required string Intent { get; init; }
    public required IReadOnlyList<(string Id, string Text)> Requirements { get; init; }
    public string? Drift { get; init; }
    public IReadOnlyList<string>? Plan { get; init; }
    public IReadOnlyList<string>? Progress { get; init; }
    public IReadOnlyList<string>? Scope { get; init; }
    public IReadOnlyList<PackEvent>? Decisions { get; init; }
    public IReadOnlyList<PackEvent>? Denials { get; init; }
    public string? Evidence { get; init; }
    public IReadOnlyList<PackFile>? Files { get; init; }
    public int FilesTotal { get; init; }
}
