using KnowledgeOS.Project;

namespace KnowledgeOS.Scopes;

/// <summary>
/// The protected files <c>git status</c> never lists, digested for reconciliation's snapshots: git's own
/// hooks, config and exclude file, kos's configuration, the agents' governance files and the
/// repository's top-level <c>.env*</c> files (often gitignored). A change to any of them by an unwatched
/// call is a violation like a listed one. Names are repository-relative as <see cref="ProtectedPaths"/>
/// reads them (<c>.git/hooks/pre-commit</c>, also in a linked worktree whose hooks live in the main
/// repository's git folder). A handful of small files: cheap enough for every shell call.
/// </summary>
public static class UnlistedPaths
{
    public static Dictionary<string, string> Digests(KosProject project)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = project.Root;
        var common = Path.Combine(project.Repository.MainWorkTree, ".git");
        if (!Directory.Exists(common))
        {
            common = project.Repository.GitDir;
        }

        Add(map, ".git/config", Path.Combine(common, "config"));
        Add(map, ".git/info/exclude", Path.Combine(common, "info", "exclude"));
        var hooks = Path.Combine(common, "hooks");
        if (Directory.Exists(hooks))
        {
            foreach (var file in Directory.EnumerateFiles(hooks))
            {
                Add(map, ".git/hooks/" + Path.GetFileName(file), file);
            }
        }

        if (Directory.Exists(project.AgentOs))
        {
            foreach (var file in Directory.EnumerateFiles(project.AgentOs, "config*"))
            {
                Add(map, ".agent-os/" + Path.GetFileName(file), file);
            }
        }

        foreach (var governance in ProtectedPaths.GovernanceFiles)
        {
            // An empty file where there was none is a sandbox's placeholder; one that had content and was emptied is still a change.
            if (!Fence.SandboxPlaceholders.IsPlaceholder(root, governance))
            {
                Add(map, governance, Path.Combine(root, governance));
            }
        }

        foreach (var file in Directory.EnumerateFiles(root, ".env*"))
        {
            Add(map, Path.GetFileName(file), file);
        }

        return map;
    }

    /// <summary>The paths whose digest differs between two snapshots (added, removed or changed).</summary>
    public static IEnumerable<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> now) =>
        now.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key)
            .Concat(before.Keys.Where(k => !now.ContainsKey(k)));

    private static void Add(Dictionary<string, string> map, string name, string file)
    {
        var info = new FileInfo(file);
        if (info.LinkTarget is { } target)
        {
            map[name] = "link:" + target;
        }
        else if (info.Exists)
        {
            map[name] = Reconciler.Digest(file);
        }
    }
}
