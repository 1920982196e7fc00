namespace KnowledgeOS.Context;

/// <summary>One file in scope: repository-relative path, size, and why it ranks where it does.</summary>
public sealed record PackFile(string Path, long Size, int Score, string Why);

/// <summary>
/// One thing that happened, in words. <paramref name="Times"/> &gt; 1 when the same text recurred (shown once, with
/// its count and the time of the last); <paramref name="Hash"/> is the (last) event's hash, shown only on request.
/// </summary>
public sealed record PackEvent(long Seq, string Time, string Type, string Text, string Hash, int Times = 1);

/// <summary>An eval the task must pass, and where it comes from (its spec's acceptance section, the task, config).</summary>
public sealed record PackEval(string Command, string Source);

/// <summary>One eval of the latest run: how it ended and, when it failed, the (redacted) end of its output.</summary>
public sealed record PackEvalResult(string Command, bool Passed, int? ExitCode, string? Reason, long DurationMs, string? Tail);

/// <summary>The latest evidence run: pass or fail, each eval, and its digests for <c>--hashes</c>.</summary>
public sealed record PackEvidence(string Time, bool Passed, bool Finished, IReadOnlyList<PackEvalResult> Results, string RunId, string Tree, string? Head);

/// <summary>
/// Everything a pack may say. Intent and requirements are never dropped; the rest is dropped in the order
/// <see cref="PackFitter"/> gives when it does not fit the budget.
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

    /// <summary>The evals kos runs for the task; an empty list (not null) says it has none, which the pack spells out.</summary>
    public IReadOnlyList<PackEval>? Evals { get; init; }
    public IReadOnlyList<string>? Plan { get; init; }
    public IReadOnlyList<PackEvent>? Progress { get; init; }
    public IReadOnlyList<string>? Scope { get; init; }
    public IReadOnlyList<PackEvent>? Decisions { get; init; }
    public IReadOnlyList<PackEvent>? Denials { get; init; }
    public PackEvidence? Evidence { get; init; }
    public IReadOnlyList<PackFile>? Files { get; init; }
    public int FilesTotal { get; init; }

    /// <summary>Event hashes, the spec's hash and the evidence digests are shown only when asked for.</summary>
    public bool Hashes { get; init; }
}
