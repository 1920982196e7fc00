namespace KnowledgeOS.Postflight;

/// <summary>One thing postflight found wrong, and the command that fixes it.</summary>
public sealed record PostflightProblem(string Check, string Message, string Fix, IReadOnlyList<string> Files)
{
    public override string ToString() => $"[{Check}] {Message}";
}

/// <summary>A stale file: created while a task that was later abandoned was open.</summary>
public sealed record StaleFile(string Path, string Task);

/// <summary>Everything postflight found. <see cref="Notes"/> are informative (e.g. evidence superseded by a later commit).</summary>
public sealed record PostflightReport(
    string? GitHead,
    string Tree,
    int Tasks,
    IReadOnlyList<PostflightProblem> Problems,
    IReadOnlyList<string> Notes,
    IReadOnlyList<StaleFile> StaleFiles,
    IReadOnlyList<string> RecordsToRender,
    ChainCheck? Chain = null)
{
    public bool Ok => Problems.Count == 0;

    /// <summary>The task replay the projections were compared with (kept with a clean run's checkpoint).</summary>
    internal ProjectionFold? Fold { get; init; }
}
