using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>One path's verdict against a task's write scope.</summary>
internal sealed record PathVerdict(string Path, string Relative, bool Allowed, string? Why);

/// <summary>
/// The adapters' one call site for write-scope checks. Until the kernel's <c>CheckWrite</c>
/// (branch <c>scopes</c>) lands this applies the same rules itself: normalise against the
/// repository root (absolute, <c>..</c>, symlinks that escape), refuse protected paths, then
/// match the scope's gitignore-style globs (<c>!</c> excludes).
/// </summary>
internal static class ScopeGuard
{
    public static IReadOnlyList<PathVerdict> Check(KosProject project, KosConfig config, TaskState? task, IEnumerable<string> paths, string cwd)
    {
        var result = new List<PathVerdict>();
        foreach (var path in paths)
        {
            var full = Normalise(path, cwd);
            var rel = System.IO.Path.GetRelativePath(project.Root, full).Replace('\\', '/');
            if (rel == ".." || rel.StartsWith("../", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(rel))
            {
                result.Add(new(path, rel, false, $"{full} is outside the repository {project.Root}"));
            }
            else if (Protected(config, rel) is { } why)
            {
                result.Add(new(path, rel, false, why));
            }
            else if (task is null)
            {
                result.Add(new(path, rel, false, "no active task"));
            }
            else if (!Glob.AnyMatch(task.Scope, rel))
            {
                result.Add(new(path, rel, false, $"{rel} is outside the scope of {task.Id} ({string.Join(", ", task.Scope)})"));
            }
            else
            {
                result.Add(new(path, rel, true, null));
            }
        }

        return result;
    }

    /// <summary>Absolute, with <c>..</c> resolved and symlinked folders followed, so a link cannot smuggle a write out.</summary>
    public static string Normalise(string path, string cwd)
    {
        var full = System.IO.Path.GetFullPath(path, cwd);
        var dir = System.IO.Path.GetDirectoryName(full);
        var tail = System.IO.Path.GetFileName(full);
        var parts = new Stack<string>();
        while (dir is not null && !Directory.Exists(dir))
        {
            parts.Push(System.IO.Path.GetFileName(dir));
            dir = System.IO.Path.GetDirectoryName(dir);
        }

        if (dir is null)
        {
            return full;
        }

        var real = ResolveLinks(dir);
        foreach (var p in parts)
        {
            real = System.IO.Path.Combine(real, p);
        }

        var candidate = System.IO.Path.Combine(real, tail);
        if (File.Exists(candidate) && new FileInfo(candidate).LinkTarget is not null)
        {
            candidate = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
        }

        return candidate;
    }

    private static string ResolveLinks(string dir)
    {
        var info = new DirectoryInfo(dir);
        var segments = new Stack<string>();
        var current = info;
        while (current is not null)
        {
            if (current.LinkTarget is not null && current.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                var resolved = ResolveLinks(target.FullName);
                foreach (var s in segments)
                {
                    resolved = System.IO.Path.Combine(resolved, s);
                }

                return resolved;
            }

            segments.Push(current.Name);
            current = current.Parent;
        }

        return info.FullName;
    }

    public static string? Protected(KosConfig config, string rel)
    {
        if (rel == ".git" || rel.StartsWith(".git/", StringComparison.Ordinal))
        {
            return $"{rel} is inside .git/, which agents may never write";
        }

        if (rel.StartsWith(".agent-os/state/", StringComparison.Ordinal) || rel.StartsWith(".agent-os/config", StringComparison.Ordinal))
        {
            return $"{rel} is kos's own state or configuration, which agents may never write";
        }

        foreach (var pattern in config.ProtectedPatterns)
        {
            if (Glob.Match(pattern, rel))
            {
                return $"{rel} is a protected path (pattern '{pattern}' in .agent-os/config.toml or the built-in secret patterns)";
            }
        }

        return null;
    }
}
