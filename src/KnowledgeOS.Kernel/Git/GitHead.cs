using KnowledgeOS.Project;

namespace KnowledgeOS.Git;

/// <summary>
/// The commit a work tree's HEAD points at, read from git's files (HEAD, the ref, packed-refs) without
/// starting git: reconciliation reads it after every shell call. Anything unusual (a symbolic ref chain,
/// a reftable repository) falls back to <c>git rev-parse</c>.
/// </summary>
public static class GitHead
{
    /// <summary>The HEAD commit of the work tree at <paramref name="root"/>, or null when there is none yet (an unborn branch).</summary>
    public static string? Of(string root)
    {
        var repo = GitRepository.Find(root);
        if (repo is null)
        {
            return null;
        }

        try
        {
            var head = File.ReadAllText(Path.Combine(repo.GitDir, "HEAD")).Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal))
            {
                return IsSha(head) ? head : Fallback(root);
            }

            var name = head[5..].Trim();
            var common = CommonDir(repo);
            foreach (var dir in new[] { repo.GitDir, common })
            {
                var file = Path.Combine(dir, name);
                if (File.Exists(file))
                {
                    var sha = File.ReadAllText(file).Trim();
                    return IsSha(sha) ? sha : Fallback(root);
                }
            }

            var packed = Path.Combine(common, "packed-refs");
            if (File.Exists(packed))
            {
                foreach (var line in File.ReadLines(packed))
                {
                    if (line.Length > 41 && line[40] == ' ' && line.AsSpan(41).SequenceEqual(name))
                    {
                        return line[..40];
                    }
                }
            }

            // An unborn branch, or refs kept where kos does not read them (reftable): ask git.
            return Directory.Exists(Path.Combine(common, "reftable")) ? Fallback(root) : null;
        }
        catch (IOException)
        {
            return Fallback(root);
        }
    }

    private static string CommonDir(GitRepository repo)
    {
        var file = Path.Combine(repo.GitDir, "commondir");
        return File.Exists(file) ? Path.GetFullPath(Path.Combine(repo.GitDir, File.ReadAllText(file).Trim())) : repo.GitDir;
    }

    private static bool IsSha(string s) => s.Length is 40 or 64 && s.All(char.IsAsciiHexDigitLower);

    private static string? Fallback(string root)
    {
        var r = GitCli.Run(root, "rev-parse", "--verify", "-q", "HEAD");
        return r.Ok ? r.Stdout.Trim() : null;
    }
}
