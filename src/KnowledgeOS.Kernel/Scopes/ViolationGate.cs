using System.Text.Json.Nodes;
using KnowledgeOS.Gates;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Scopes;

/// <summary>
/// Done: no out-of-scope change found by reconciliation is still in the working tree. A violation
/// clears itself when the file is reverted, or when the task is re-routed to a scope that covers it.
/// </summary>
public sealed class ViolationGate : IGate
{
    public string Name => "scope";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Done;

    public Enforcement Level(Strictness s) => GateRunner.Standard(s);

    public IEnumerable<string> Check(GateContext c)
    {
        var records = c.Ledger.ListRecords(Reconciler.ViolationKind, c.Proposed.Id);
        if (records.Count == 0)
        {
            yield break;
        }

        var dirty = Reconciler.Dirty(c.Project.Root);
        var protectedPaths = new ProtectedPaths(c.Config.ProtectedPatterns);
        foreach (var (_, value) in records)
        {
            var path = JsonNode.Parse(value)?["path"]?.GetValue<string>();
            if (path is null || !dirty.ContainsKey(path) || Covers(protectedPaths, c.Proposed, path))
            {
                continue;
            }

            yield return $"{path} was changed outside the scope of {c.Proposed.Id} ({string.Join(", ", c.Proposed.Scope)}) by a write hooks could not see; " +
                         $"revert it (git checkout -- {path}, or delete it if new) or re-route the task to cover it";
        }
    }

    /// <summary>Whether <paramref name="rel"/> may be committed or kept by <paramref name="task"/>: in its scope and not protected.</summary>
    public static bool Covers(ProtectedPaths protectedPaths, TaskState task, string rel) =>
        protectedPaths.Why(rel) is null && WriteScope.Compile(task.Scope).Matches(rel);
}
