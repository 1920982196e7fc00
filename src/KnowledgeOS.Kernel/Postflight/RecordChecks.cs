using KnowledgeOS.Evidence;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Postflight;

/// <summary>Task records in .agent-os/tasks/ agree with the ledger: same phase, anchored on the event that entered it.</summary>
internal static class RecordChecks
{
    public static void Run(PostflightContext c)
    {
        var k = c.Kernel;
        var byId = c.Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(k.Project.TasksDir))
        {
            foreach (var file in Directory.EnumerateFiles(k.Project.TasksDir, "T-*.md").Order(StringComparer.Ordinal))
            {
                var rel = k.Project.Relative(file);
                var header = TaskRecord.ReadHeader(file);
                if (header is null)
                {
                    c.Notes.Add($"{rel} has no task-record front matter kos rendered; left alone");
                    continue;
                }

                if (!byId.TryGetValue(header.Id, out var task))
                {
                    // Task records are committed and the ledger is not: a fresh clone knows none of them.
                    c.Notes.Add($"{rel} records {header.Id}, which this ledger does not know (made in another clone?)");
                    continue;
                }

                seen.Add(task.Id);
                var anchor = TaskRecord.Anchor(c.Ledger, task);
                if (header.Phase != task.Phase.Name() || anchor is null || !string.Equals(anchor.Hash, header.Anchor, StringComparison.Ordinal))
                {
                    c.Problem("task-records",
                        $"{rel} says {header.Id} is {header.Phase} (anchor {Short(header.Anchor)}) but the ledger has it {task.Phase.Name()} (anchor {Short(anchor?.Hash)})",
                        "kos doctor --fix", [rel]);
                    c.RecordsToRender.Add(task.Id);
                }
            }
        }

        var elsewhere = new Lazy<Dictionary<string, List<string>>>(() => OnOtherBranches(k));
        foreach (var task in c.Tasks.Where(t => t.Phase == Phase.Done && !seen.Contains(t.Id)))
        {
            if (elsewhere.Value.TryGetValue(task.Id, out var where))
            {
                // Written on another branch (by the agent in its worktree): there, just not here yet.
                c.Notes.Add($"{task.Id}'s record is on {string.Join(", ", where)}, not merged into this branch");
                continue;
            }

            c.Problem("task-records", $"{task.Id} is done but has no record in .agent-os/tasks/", "kos doctor --fix", [$".agent-os/tasks/{task.Id}.md"]);
            c.RecordsToRender.Add(task.Id);
        }
    }

    /// <summary>Task IDs whose record exists on another local branch, or uncommitted in another worktree, and where.</summary>
    private static Dictionary<string, List<string>> OnOtherBranches(Kernel k)
    {
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string file, string where)
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("T-", StringComparison.Ordinal) && name.EndsWith(".md", StringComparison.Ordinal))
            {
                var id = name[..^3];
                if (!found.TryGetValue(id, out var list))
                {
                    found[id] = list = [];
                }

                if (!list.Contains(where, StringComparer.Ordinal))
                {
                    list.Add(where);
                }
            }
        }

        var root = k.Project.Root;
        var here = Git.GitCli.Run(root, "symbolic-ref", "-q", "--short", "HEAD").Stdout.Trim();
        var branches = Git.GitCli.Run(root, "for-each-ref", "--format=%(refname:short)", "refs/heads");
        foreach (var branch in branches.Ok ? branches.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [])
        {
            if (branch == here)
            {
                continue;
            }

            var files = Git.GitCli.Run(root, "ls-tree", "--name-only", "-z", branch, "--", ".agent-os/tasks/");
            foreach (var file in files.Ok ? files.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries) : [])
            {
                Add(file, $"branch {branch}");
            }
        }

        foreach (var tree in Project.Worktrees.List(k.Project.Repository).Where(t => t.Exists && !Claims.TaskTrees.SameFolder(t.Root, root)))
        {
            var dir = Path.Combine(tree.Root, ".agent-os", "tasks");
            foreach (var file in Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "T-*.md") : [])
            {
                if (tree.Branch is null || !found.TryGetValue(Path.GetFileNameWithoutExtension(file), out var l) || !l.Contains($"branch {tree.Branch}", StringComparer.Ordinal))
                {
                    Add(file, $"worktree {tree.Label} (not committed)");
                }
            }
        }

        return found;
    }

    private static string Short(string? h) => h is null ? "none" : h[..Math.Min(12, h.Length)];
}
