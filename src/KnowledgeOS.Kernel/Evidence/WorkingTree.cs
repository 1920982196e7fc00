using KnowledgeOS.Git;
using KnowledgeOS.Project;

namespace KnowledgeOS.Evidence;

/// <summary>
/// A digest of the working tree as git would commit it: tracked and untracked-not-ignored files,
/// kos's own <c>.agent-os/</c> excluded (kos writes task records there after the evals ran).
/// It is a git tree ID, so two digests can be diffed with <c>git diff-tree</c> to name the files
/// that changed in between.
/// </summary>
public static class WorkingTree
{
    private const string Exclude = ":(exclude).agent-os";

    /// <summary>
    /// Runs <c>git add -A</c> and <c>git write-tree</c> over a private index kept in
    /// <c>.agent-os/state/</c> (seeded from a copy of the user's index): the user's index is never
    /// touched, and the private one keeps git's stat cache between runs, which is what makes a warm
    /// digest fast. Each run works on its own
    /// copy, so concurrent digests never meet on an index lock.
    /// </summary>
    public static string Digest(KosProject project)
    {
        var root = project.Root;
        var cacheDir = Path.Combine(project.StateDir, "digest");
        Directory.CreateDirectory(cacheDir);
        var name = project.Repository.WorktreeName ?? "main";
        var cached = Path.Combine(cacheDir, name + ".index");
        var temp = Path.Combine(cacheDir, $"{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.index");
        var env = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = temp, ["GIT_OPTIONAL_LOCKS"] = "0" };
        try
        {
            // Reseed from the user's index whenever it changed (a commit, an add, an rm --cached), so
            // what git tracks is what the digest covers; otherwise the private index is warmer.
            var real = Path.Combine(project.Repository.GitDir, "index");
            var seeded = File.Exists(cached) && (!File.Exists(real) || File.GetLastWriteTimeUtc(cached) >= File.GetLastWriteTimeUtc(real));
            var source = seeded ? cached : real;
            if (File.Exists(source))
            {
                File.Copy(source, temp, overwrite: true);
            }

            if (!seeded && File.Exists(temp))
            {
                // The user's index holds .agent-os/ entries; the digest leaves them out for good.
                Check(root, env, "rm", "-r", "--cached", "-q", "--ignore-unmatch", "--", ".agent-os");
            }

            Check(root, env, "add", "-A", "--", ".", Exclude);
            var tree = Check(root, env, "write-tree");
            File.Move(temp, cached, overwrite: true);
            return tree;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The HEAD commit, or null in a repository with no commits yet.</summary>
    public static string? Head(string root)
    {
        var r = GitCli.Run(root, "rev-parse", "--verify", "-q", "HEAD");
        return r.Ok ? r.Stdout.Trim() : null;
    }

    /// <summary>Files that differ between two tree digests, or null when a tree is no longer in the object store.</summary>
    public static IReadOnlyList<string>? Changed(string root, string fromTree, string toTree)
    {
        if (string.Equals(fromTree, toTree, StringComparison.Ordinal))
        {
            return [];
        }

        var r = GitCli.Run(root, "diff-tree", "-r", "--name-only", "-z", "--no-renames", fromTree, toTree);
        return r.Ok ? r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries) : null;
    }

    private static string Check(string root, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var r = GitCli.Run(root, env, args);
        if (!r.Ok)
        {
            throw KosException.Environment($"git {string.Join(' ', args)} failed while digesting the working tree: {r.Stderr.Trim()}");
        }

        return r.Stdout.Trim();
    }
}
