using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Fence;

/// <summary>
/// What an agent's OS sandbox must keep unwritable in one work tree, as absolute paths: the
/// governance paths always (kos's folder and ledger, the agents' configs, git's hooks and config,
/// protected secrets), and every existing entry outside the scopes of the tasks that may write there.
/// Sandbox rules name paths, not globs, so scopes count by their literal folder prefix
/// (<c>src/checkout/**</c> → <c>src/checkout</c>); the hooks still judge every write by the exact glob.
/// </summary>
public sealed record FencePlan(string WorkTree, IReadOnlyList<string> DenyWrite, IReadOnlyList<string> AllowWrite, IReadOnlyList<string> ScopePrefixes, bool Strict)
{
    /// <summary>Agent config folders and files (in the work tree) that are always unwritable.</summary>
    public static readonly string[] AgentConfigs = [".codex", ".gemini", ".cursor", ".mcp.json", ".github/hooks", ".qwen", ".opencode"];

    private const int MaxWalk = 20000;

    /// <summary>The plan for the work tree of <paramref name="project"/>.</summary>
    public static FencePlan For(Kernel kernel, KosProject project) => Build(kernel, project, WritablePrefixes(kernel, project));

    /// <summary>
    /// The plan for one agent started on <paramref name="task"/> (<c>kos agent</c>): only that task's scope is writable,
    /// whatever other tasks may write in the same tree.
    /// </summary>
    public static FencePlan ForTask(Kernel kernel, KosProject project, TaskState task) =>
        Build(kernel, project, [.. task.Scope.Where(g => !g.StartsWith('!')).Select(Prefix).Distinct()]);

    /// <summary>
    /// What a sandbox that starts read-only must make writable for a task of <paramref name="scope"/>: each scope's
    /// literal prefix, and the repository's git folder (commits), as absolute paths. Sandboxes bind existing paths: a
    /// missing folder a scope names (<c>src/new/**</c>) is created empty; a missing file (<c>src/new.txt</c>) makes its
    /// nearest existing folder writable, whose other entries <see cref="DenyWrite"/> keeps read-only.
    /// </summary>
    public IReadOnlyList<string> WritableRoots(KosProject project, IReadOnlyList<string> scope)
    {
        var roots = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var glob in scope.Where(g => !g.StartsWith('!')))
        {
            var prefix = Prefix(glob);
            var path = prefix.Length == 0 ? WorkTree : Path.Combine(WorkTree, prefix);
            if (!Path.Exists(path) && prefix.Length > 0 && glob.Replace('\\', '/').Trim('/').Length > prefix.Length && Scopes.ProtectedPaths.GovernanceFolders.All(g => !prefix.StartsWith(g.TrimEnd('/'), StringComparison.Ordinal)))
            {
                Directory.CreateDirectory(path);
            }

            while (!Path.Exists(path) && path.Length > WorkTree.Length)
            {
                path = Path.GetDirectoryName(path)!;
            }

            roots.Add(path);
        }

        var git = project.Repository.WorktreeName is null ? Path.Combine(WorkTree, ".git") : Path.Combine(project.Repository.MainWorkTree, ".git");
        if (Directory.Exists(git))
        {
            roots.Add(git);
        }

        return [.. roots];
    }

    /// <summary>The denied paths that exist inside <paramref name="writable"/>: what a read-only-first sandbox re-protects.</summary>
    public IReadOnlyList<string> DeniedInside(IReadOnlyList<string> writable) =>
        [.. DenyWrite.Where(d => Path.Exists(d) && writable.Any(w => d == w || d.StartsWith(w + "/", StringComparison.Ordinal)))];

    private static FencePlan Build(Kernel kernel, KosProject project, List<string> writable)
    {
        var root = project.Root;
        var deny = new SortedSet<string>(StringComparer.Ordinal)
        {
            project.AgentOs,
            project.StateDir,
            Path.Combine(project.Repository.MainWorkTree, ".git", "hooks"),
            Path.Combine(project.Repository.MainWorkTree, ".git", "config"),
        };
        foreach (var config in AgentConfigs.Concat(Scopes.ProtectedPaths.GovernanceFiles.Where(f => !f.StartsWith(".claude/", StringComparison.Ordinal)))
                     .Concat(Scopes.ProtectedPaths.GovernanceFolders.Select(f => f.TrimEnd('/'))))
        {
            // A missing path is guarded by an empty mount, whose mount point the sandbox must be able to create.
            var path = Path.Combine(root, config);
            if (Directory.Exists(Path.GetDirectoryName(path)))
            {
                deny.Add(path);
            }
        }

        // .claude as a whole cannot be mounted read-only (Claude Code mounts its own guards inside it), so each entry is.
        var claude = Path.Combine(root, ".claude");
        if (Directory.Exists(claude))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(claude))
            {
                deny.Add(entry);
            }
        }

        var seen = 0;
        Walk(root, "", writable, kernel.Writes.Protected, deny, ref seen);
        // A linked work tree commits into the main repository's .git: writable, except its hooks and config (denied above).
        var common = Path.Combine(project.Repository.MainWorkTree, ".git");
        IReadOnlyList<string> allow = project.Repository.WorktreeName is null ? [] : [common];
        return new FencePlan(root, [.. deny], allow, writable, kernel.Config.Strictness == Strictness.Strict);
    }

    /// <summary>The literal folder prefixes of the scopes that may write in this work tree ("" = all of it).</summary>
    private static List<string> WritablePrefixes(Kernel kernel, KosProject project)
    {
        var tasks = new List<TaskState>();
        if (Claims.WorktreeBinding.Read(project) is { } bound && kernel.FindTask(kernel.Store, bound) is { Phase: Phase.Execute } t)
        {
            tasks.Add(t);
        }
        else
        {
            tasks.AddRange(kernel.Store.ListTasks().Where(r => r.Phase == "execute").Select(r => kernel.FindTask(kernel.Store, r.Id)!));
        }

        return [.. tasks.SelectMany(t => t.Scope).Where(g => !g.StartsWith('!')).Select(Prefix).Distinct()];
    }

    /// <summary><c>src/checkout/**</c> → <c>src/checkout</c>; <c>**/*.ts</c> → "" (the whole tree).</summary>
    public static string Prefix(string glob)
    {
        var segments = glob.Replace('\\', '/').TrimStart('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var literal = segments.TakeWhile(s => s.IndexOfAny(['*', '?', '[', '{']) < 0 && s != ".").ToList();
        return string.Join('/', literal);
    }

    private static void Walk(string root, string rel, List<string> writable, Scopes.ProtectedPaths protectedPaths, SortedSet<string> deny, ref int seen)
    {
        if (writable.Contains(""))
        {
            return;
        }

        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(rel.Length == 0 ? root : Path.Combine(root, rel)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var full in entries)
        {
            if (++seen > MaxWalk)
            {
                return;
            }

            var name = Path.GetFileName(full);
            var path = rel.Length == 0 ? name : rel + "/" + name;
            if (rel.Length == 0 && name is ".git" or ".agent-os" or ".claude")
            {
                continue;
            }

            if (writable.Any(w => path == w || path.StartsWith(w + "/", StringComparison.Ordinal)))
            {
                if (protectedPaths.Why(path) is not null)
                {
                    deny.Add(full);
                }

                continue;
            }

            var isDir = Directory.Exists(full) && !File.GetAttributes(full).HasFlag(FileAttributes.ReparsePoint);
            if (isDir && writable.Any(w => w.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                Walk(root, path, writable, protectedPaths, deny, ref seen);
            }
            else
            {
                deny.Add(full);
            }
        }
    }
}
