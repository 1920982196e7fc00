namespace KnowledgeOS.Project;

/// <summary>
/// Finds the git work tree that contains a folder without spawning git: hooks run on every tool
/// call and a process start costs more than the whole lookup. Linked worktrees (a <c>.git</c> file
/// pointing into <c>.git/worktrees/NAME</c>) resolve to the main work tree, which holds the
/// shared ledger.
/// </summary>
public sealed record GitRepository(string WorkTree, string GitDir, string MainWorkTree, string? WorktreeName)
{
    public static GitRepository? Find(string start)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(start));
        while (dir is not null)
        {
            var dotGit = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(dotGit))
            {
                return new GitRepository(dir.FullName, dotGit, dir.FullName, null);
            }

            if (File.Exists(dotGit))
            {
                return FromGitFile(dir.FullName, dotGit);
            }

            dir = dir.Parent;
        }

        return null;
    }

    private static GitRepository FromGitFile(string workTree, string gitFile)
    {
        var line = File.ReadAllText(gitFile).Trim();
        const string prefix = "gitdir:";
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw KosException.Environment($"{gitFile} is not a valid git file (expected 'gitdir: PATH').");
        }

        var gitDir = Path.GetFullPath(Path.Combine(workTree, line[prefix.Length..].Trim()));
        var commonFile = Path.Combine(gitDir, "commondir");
        if (!File.Exists(commonFile))
        {
            // A submodule: its own repository, with its own ledger.
            return new GitRepository(workTree, gitDir, workTree, null);
        }

        var commonDir = Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonFile).Trim()));
        var main = Path.GetDirectoryName(commonDir.TrimEnd(Path.DirectorySeparatorChar)) ?? workTree;
        return new GitRepository(workTree, gitDir, main, Path.GetFileName(gitDir));
    }
}
