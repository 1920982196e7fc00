namespace KnowledgeOS.Evidence;

/// <summary>How a task's latest evidence stands, at a glance (the workbench's cards; <see cref="EvidenceCheck"/> has the full reasons).</summary>
public enum EvidenceState
{
    /// <summary>kos never ran the task's evals.</summary>
    None,

    /// <summary>Every eval passed on the working tree as it is now.</summary>
    Fresh,

    /// <summary>The evals passed, but the working tree changed since (or the run did not finish).</summary>
    Stale,

    /// <summary>An eval failed in the latest run.</summary>
    Failing,
}

public static class EvidenceStates
{
    /// <summary>The state of <paramref name="run"/> against the current working-tree digest.</summary>
    public static EvidenceState Of(EvidenceRun? run, string? currentTree) => run switch
    {
        null or { Results.Count: 0 } => EvidenceState.None,
        _ when run.Results.Any(r => !r.Passed) => EvidenceState.Failing,
        { Finished: false } => EvidenceState.Stale,
        _ when currentTree is not null && !string.Equals(run.Tree, currentTree, StringComparison.Ordinal) => EvidenceState.Stale,
        _ => EvidenceState.Fresh,
    };

    public static string Name(this EvidenceState s) => s switch
    {
        EvidenceState.Fresh => "fresh",
        EvidenceState.Stale => "stale",
        EvidenceState.Failing => "failing",
        _ => "none",
    };
}
