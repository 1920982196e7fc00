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

        var others = ScopeIndex.Active(c.Ledger).Where(e => e.Task != c.Proposed.Id && e.Scope.Count > 0).ToList();
        if (others.Count == 0)
        {
            yield break;
        }

        var files = TreeFiles.List(c.Project);
        var mine = WriteScope.Compile(c.Proposed.Scope);
        var myFolders = ScopeIndex.FirstFolders(c.Proposed.Scope);
        foreach (var other in others.OrderBy(o => o.Task, StringComparer.Ordinal))
        {
            if (myFolders is not null && ScopeIndex.FirstFolders(other.Scope) is { } theirs && !myFolders.Overlaps(theirs))
            {
                continue;
            }

            if (ScopeOverlap.Example(mine, WriteScope.Compile(other.Scope), files) is { } path)
            {
                yield return $"its scope ({string.Join(" ", c.Proposed.Scope)}) overlaps active task {other.Task}'s " +
                             $"({string.Join(" ", other.Scope)}): both cover {path}. Narrow one of the scopes so they share no path, " +
                             $"or finish, block or abandon {other.Task} first";
            }
        }
    }
}
