using KnowledgeOS.Git;

namespace KnowledgeOS.Scopes;

/// <summary>
/// The files in the work tree that git would see: tracked plus untracked-not-ignored
/// (<c>git ls-files -co --exclude-standard</c>). Listed once per process and root: routing,
/// dispatch and context packs ask several times in one command, never on the hook path.
/// </summary>
public static class TreeFiles
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static IReadOnlyList<string> List(string root)
    {
        lock (Gate)
        {
            if (Cache.TryGetValue(root, out var cached))
            {
                return cached;
            }
        }

        var r = GitCli.Run(root, "-c", "core.quotePath=off", "ls-files", "-co", "--exclude-standard", "-z");
        IReadOnlyList<string> files = r.Ok
            ? r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(Nfc.Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : [];
        lock (Gate)
        {
            Cache[root] = files;
        }

        return files;
    }

    /// <summary>Forgets the listing (after the caller changed the tree).</summary>
    public static void Invalidate(string root)
    {
        lock (Gate)
        {
            Cache.Remove(root);
        }
    }
}
