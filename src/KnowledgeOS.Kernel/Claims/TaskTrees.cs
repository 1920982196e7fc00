using System.Text.Json.Nodes;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Claims;

/// <summary>The work tree a task's work lives in, and how kos knows.</summary>
public sealed record TaskTree(KosProject Project, Worktree? Tree, string Via)
{
    /// <summary>The tree's git name (<c>_main</c> for the main work tree).</summary>
    public string Name => Tree?.Name ?? WorktreeBinding.NameOf(Project);
}

/// <summary>
/// Where a task's work lives, whichever tree a command runs in: the worktree bound to it
/// (<c>kos bind</c>), else the tree its agent sessions were last seen working in (their session
/// binding), else the caller's tree. Completion, evidence and reconciliation read that tree.
/// </summary>
public static class TaskTrees
{
    public static TaskTree Of(KosProject here, ILedgerReader r, TaskState task)
    {
        var trees = Worktrees.List(here.Repository).Where(t => t.Exists).ToList();
        foreach (var tree in trees)
        {
            if (string.Equals(WorktreeBinding.Read(here, tree.Name), task.Id, StringComparison.Ordinal))
            {
                return new TaskTree(At(here, tree.Root), tree, "worktree binding");
            }
        }

        var seen = r.ListRecords(SessionBinding.RecordKind, task.Id)
            .Select(x => JsonNode.Parse(x.Value))
            .Where(v => v?["tree"] is not null)
            .OrderByDescending(v => v!["at"]?.GetValue<string>() ?? "", StringComparer.Ordinal)
            .Select(v => trees.FirstOrDefault(t => SameFolder(t.Root, v!["tree"]!.GetValue<string>())))
            .FirstOrDefault(t => t is not null);
        return seen is not null
            ? new TaskTree(At(here, seen.Root), seen, "its agent session")
            : new TaskTree(here, Worktrees.At(here.Repository, here.Root), "this work tree");
    }

    /// <summary>The project as seen from another work tree of the same repository.</summary>
    public static KosProject At(KosProject here, string root) =>
        SameFolder(root, here.Root) ? here : KosProject.Locate(root);

    public static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
