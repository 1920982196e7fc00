namespace KnowledgeOS.Scopes;

/// <summary>How a write check found the acting task.</summary>
public enum ActingVia
{
    None,
    /// <summary>Named explicitly (<c>--task</c>, <c>KOS_TASK</c>).</summary>
    Task,
    /// <summary>The task whose claim the session holds.</summary>
    Session,
    /// <summary>The pointer <c>kos bind</c> wrote for this git worktree.</summary>
    Worktree,
}

/// <summary>The verdict on one path. <see cref="Owner"/> is the active task whose scope covers it, if any.</summary>
public sealed record PathDecision(string Input, string? Path, bool Allowed, string Code, string Reason, string? Owner);

/// <summary>The answer to "may this session write these paths?"; recorded when anything is denied.</summary>
public sealed record WriteCheck(string? Task, string? Session, ActingVia Via, IReadOnlyList<PathDecision> Paths, bool Advisory, long? RecordedSeq)
{
    public bool Allowed => Paths.All(p => p.Allowed);
}

/// <summary>Denial codes, stable for hooks and scripts.</summary>
public static class WriteCodes
{
    public const string Allowed = "allowed";
    public const string Invalid = "invalid-path";
    public const string Outside = "outside-repository";
    public const string Protected = "protected";
    public const string NoTask = "no-active-task";
    public const string NotExecuting = "task-not-executing";
    public const string OtherTask = "owned-by-other-task";
    public const string OutOfScope = "out-of-scope";
}
