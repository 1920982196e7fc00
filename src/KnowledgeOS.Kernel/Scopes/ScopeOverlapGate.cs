using KnowledgeOS.Gates;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Scopes;

/// <summary>
/// Route, dispatch and reopening into an active phase: the task's write scope must not overlap
/// the scope of any other active task (see <see cref="ScopeOverlap"/> for the rule).
/// </summary>
public sealed class ScopeOverlapGate : IGate
{
    public string Name => "scope";

    public bool AppliesTo(Phase from, Phase to) =>
        to is Phase.Route or Phase.Dispatch || (from is Phase.Blocked or Phase.Done or Phase.Abandoned && to.IsActive());

    public Enforcement Level(Strictness s) => GateRunner.Standard(s);

    public IEnumerable<string> Check(GateContext c)
    {
        if (c.Proposed.Scope.Count == 0)
        {
            yield break;
        }

        foreach (var (other, path) in Conflicts(c.Proposed.Id, c.Proposed.Scope, ScopeIndex.MayOverlap(c.Ledger, c.Proposed.Scope), () => TreeFiles.List(c.Project)))
        {
            yield return $"its scope ({string.Join(" ", c.Proposed.Scope)}) overlaps active task {other.Task}'s " +
                         $"({string.Join(" ", other.Scope)}): both cover {path}. Narrow one of the scopes so they share no path, " +
                         $"or finish, block or abandon {other.Task} first";
        }
    }

    /// <summary>
    /// The tasks among <paramref name="candidates"/> whose scope overlaps <paramref name="scope"/>, each with a
    /// path both cover, by task ID. The work tree is listed only when some pair is not told apart by prefixes.
    /// </summary>
    public static IEnumerable<(ScopeEntry Other, string Path)> Conflicts(string self, IReadOnlyList<string> scope, IEnumerable<ScopeEntry> candidates, Func<IReadOnlyList<string>> treeFiles)
    {
        var others = candidates.Where(e => e.Task != self && e.Scope.Count > 0).ToList();
        if (others.Count == 0)
        {
            yield break;
        }

        IReadOnlyList<string>? files = null;
        var mine = WriteScope.Compile(scope);
        var myFolders = ScopeIndex.FirstFolders(scope);
        foreach (var other in others.OrderBy(o => o.Task, StringComparer.Ordinal))
        {
            if (myFolders is not null && ScopeIndex.FirstFolders(other.Scope) is { } theirs && !myFolders.Overlaps(theirs))
            {
                continue;
            }

            if (ScopeOverlap.Example(mine, WriteScope.Compile(other.Scope), () => files ??= treeFiles()) is { } path)
            {
                yield return (other, path);
            }
        }
    }
}
