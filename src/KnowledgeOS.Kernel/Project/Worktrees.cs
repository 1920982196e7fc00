namespace KnowledgeOS.Project;

/// <summary>One work tree of the repository: its git name (<c>_main</c> for the main one), its folder, its branch.</summary>
public sealed record Worktree(string Name, string Root, string? Branch)
{
    public bool Exists => Directory.Exists(Root);

    /// <summary>How the tree is named to a person: its name and branch.</summary>
    public string Label => Branch is null ? Name : $"{Name} (branch {Branch})";
}

/// <summary>
/// Every work tree of the repository, read from git's own files (<c>.git/worktrees/NAME/gitdir</c>,
/// <c>HEAD</c>) without starting git, so checks that span trees stay cheap.
/// </summary>
public static class Worktrees
{
    public const string MainName = "_main";

    public static IReadOnlyList<Worktree> List(GitRepository repo)
    {
        var common = Path.Combine(repo.MainWorkTree, ".git");
        var list = new List<Worktree> { new(MainName, repo.MainWorkTree, Branch(common)) };
        var linked = Path.Combine(common, "worktrees");
        if (!Directory.Exists(linked))
        {
            return list;
        }

        foreach (var dir in Directory.EnumerateDirectories(linked).Order(StringComparer.Ordinal))
        {
            var gitdirFile = Path.Combine(dir, "gitdir");
            if (!File.Exists(gitdirFile))
            {
                continue;
            }

            var dotGit = File.ReadAllText(gitdirFile).Trim();
            var root = Path.GetDirectoryName(Path.GetFullPath(dotGit, dir));
            if (root is not null)
            {
                list.Add(new Worktree(Path.GetFileName(dir), root, Branch(dir)));
            }
        }

        return list;
    }

    /// <summary>The tree named <paramref name="name"/>, or null when git no longer knows it.</summary>
    public static Worktree? Named(GitRepository repo, string name) =>
        List(repo).FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>The tree whose folder is <paramref name="root"/>.</summary>
    public static Worktree? At(GitRepository repo, string root)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return List(repo).FirstOrDefault(t => string.Equals(Path.TrimEndingDirectorySeparator(t.Root), full, StringComparison.Ordinal));
    }

    /// <summary>The branch checked out in a git dir (<c>HEAD</c> as <c>ref: refs/heads/X</c>), or null when detached.</summary>
    private static string? Branch(string gitDir)
    {
        try
        {
            var head = File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();
            const string prefix = "ref: refs/heads/";
            return head.StartsWith(prefix, StringComparison.Ordinal) ? head[prefix.Length..] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
