using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>One path's verdict against the acting task's write scope.</summary>
internal sealed record PathVerdict(string Path, string Relative, bool Allowed, string Why, string Code)
{
    public bool Advisory => Allowed && Why.StartsWith("advisory: ", StringComparison.Ordinal);
}

/// <summary>
/// The adapters' one call site for write-scope checks: <see cref="Kernel.CheckWrite"/> (path
/// normalisation, protected paths, the acting task's scope, other tasks' scopes). Not recorded
/// there: the hook records the whole tool use as one capability event with these reasons.
/// </summary>
internal static class ScopeGuard
{
    public static IReadOnlyList<PathVerdict> Check(Kernel kernel, TaskState? task, string? session, IReadOnlyList<string> paths, string cwd) =>
        kernel.CheckWrite(paths, task?.Id, session, cwd, record: false).Paths
            .Select(d => new PathVerdict(d.Input, d.Path ?? d.Input, d.Allowed, d.Reason, d.Code))
            .ToList();

    /// <summary>Whether <paramref name="rel"/> may be committed or kept by <paramref name="task"/>: in its scope and not protected.</summary>
    public static bool Covers(ProtectedPaths protectedPaths, TaskState task, string rel) =>
        protectedPaths.Why(rel) is null && WriteScope.Compile(task.Scope).Matches(rel);
}
