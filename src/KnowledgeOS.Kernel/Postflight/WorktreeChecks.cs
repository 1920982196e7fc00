using KnowledgeOS.Claims;
using KnowledgeOS.Project;
using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Postflight;

/// <summary>
/// What lives in the repository's other work trees: every task's out-of-scope changes still there
/// (open violations, in whichever tree they were made), and changes in another worktree that no open
/// task's scope covers. Postflight in any tree sees all of them.
/// </summary>
internal static class WorktreeChecks
{
    public static void Run(PostflightContext c)
    {
        Violations(c);
        Unattributed(c);
        OtherTrees(c);
    }

    /// <summary>Changes reconciliation could not attribute to one session, still as they were seen.</summary>
    private static void Unattributed(PostflightContext c)
    {
        foreach (var (_, value) in c.Ledger.ListRecords(Attribution.UnattributedKind))
        {
            var rec = System.Text.Json.Nodes.JsonNode.Parse(value);
            if (rec?["path"]?.GetValue<string>() is not { } path || rec["assigned"] is not null)
            {
                continue;
            }

            var root = rec?["tree"]?.GetValue<string>() ?? c.Kernel.Project.Root;
            if (!Directory.Exists(root) || Reconciler.Digest(Path.Combine(root, path)) != rec?["digest"]?.GetValue<string>())
            {
                continue;
            }

            var sessions = string.Join(", ", rec!["sessions"]?.AsArray().Select(x => x!.GetValue<string>()) ?? []);
            var tasks = rec["tasks"]?.AsArray().Select(x => x!.GetValue<string>()).ToList() ?? [];
            var where = TaskTrees.SameFolder(root, c.Kernel.Project.Root) ? "" : $" in {root}";
            c.Problem("unattributed", $"{path}{where} was changed while sessions {sessions} shared the tree, and kos cannot tell which one made it" +
                                      (tasks.Count > 0 ? $" (tasks {string.Join(", ", tasks)})" : ""),
                $"revert it (git checkout -- {path}, or delete it if new), or assign it: kos assign-change {path} --task T-…", [path]);
        }
    }

    private static void Violations(PostflightContext c)
    {
        var withRecords = c.Ledger.ListRecords(Reconciler.ViolationKind)
            .Select(r => r.Key[..Math.Max(0, r.Key.IndexOf(':', StringComparison.Ordinal))])
            .ToHashSet(StringComparer.Ordinal);
        foreach (var task in c.Tasks.Where(t => withRecords.Contains(t.Id) && t.Phase != Phase.Abandoned))
        {
            var open = ViolationGate.Open(c.Kernel.Project, c.Ledger, task)
                .Where(v => v.Destroyed || !ViolationGate.Covers(c.Kernel.Writes.Protected, task, v.Target ?? v.Path))
                .ToList();
            foreach (var v in open)
            {
                var where = v.Tree is null ? "" : $" in worktree {v.Tree}";
                if (v.Destroyed)
                {
                    c.Problem("violations", $"{task.Id}'s {v.Cause ?? "unwatched call"} discarded or overwrote uncommitted work in {v.Path}{where}, outside its scope",
                        $"restore it, or a person acknowledges the loss: kos acknowledge-loss {task.Id} {v.Path}", [v.Path]);
                    continue;
                }

                c.Problem("violations",
                    $"{task.Id} changed {v.Path} outside its scope{where} ({v.Cause ?? "a write hooks could not see"}{(v.Session is null ? "" : $", session {v.Session}")})",
                    $"revert it{where} (git checkout -- {v.Path}, or delete it if new), or re-route {task.Id} to cover it", [v.Path]);
            }
        }
    }

    private static void OtherTrees(PostflightContext c)
    {
        var here = c.Kernel.Project;
        var open = c.Tasks.Where(t => t.Phase.IsActive() || t.Phase == Phase.Blocked || t.Phase == Phase.Intake)
            .Select(t => WriteScope.Compile(t.Scope)).ToList();
        foreach (var tree in Worktrees.List(here.Repository).Where(t => t.Exists && !TaskTrees.SameFolder(t.Root, here.Root)))
        {
            // Done tasks whose evidence was taken in that tree: their uncommitted work is expected there.
            var done = c.Tasks.Where(t => t.Phase == Phase.Done && c.Evidence.TryGetValue(t.Id, out var r) && r.Worktree == tree.Name)
                .Select(t => WriteScope.Compile(t.Scope)).ToList();
            var stray = Reconciler.Dirty(tree.Root).Keys
                .Where(p => !p.StartsWith(KosProject.FolderName + "/", StringComparison.Ordinal))
                .Where(p => !open.Any(s => s.Matches(p)) && !done.Any(s => s.Matches(p)))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (stray.Count > 0)
            {
                c.Problem("unattributed", $"changes outside every open task's scope in worktree {tree.Label}: {PostflightRunner.Names(stray)}",
                    $"in {tree.Root}: cover them with a task (kos create-task \"…\" --quick --scope {stray[0]}) or revert them (git checkout/git clean)", stray);
            }
        }
    }
}
