namespace KnowledgeOS.Scopes;

/// <summary>A path as the file system will really see it: repository-relative, or the reason it is not in the repository.</summary>
public sealed record ResolvedPath(string Input, string? Relative, string? Problem, string? RealPath)
{
    public bool InRepository => Relative is not null;
}

/// <summary>
/// Normalises paths against the repository root the way the kernel resolves them, not lexically:
/// each existing prefix is resolved with its symlinks (so <c>link/..</c> means the link target's
/// parent), the part that does not exist yet is taken as written, and the result must land inside
/// the real root. Paths are resolved on the bytes the file system holds, then normalised to NFC; on a case-insensitive file system existing names take their
/// on-disk spelling, so <c>SRC/App.cs</c> and <c>src/app.cs</c> are one path.
/// </summary>
public sealed class RepoPaths
{
    private const int MaxLinks = 40;
    private readonly string _rootSlash;
    private readonly string[] _rootParts;

    public RepoPaths(string root, bool? caseInsensitive = null)
    {
        RealRoot = Real(Path.GetFullPath(root)).TrimEnd('/');
        if (RealRoot.Length == 0)
        {
            RealRoot = "/";
        }

        _rootSlash = RealRoot == "/" ? "/" : RealRoot + "/";
        _rootParts = RealRoot.Split('/', StringSplitOptions.RemoveEmptyEntries);
        CaseInsensitive = caseInsensitive ?? ProbeCaseInsensitive(RealRoot);
    }

    /// <summary>The repository root with every symlink resolved.</summary>
    public string RealRoot { get; }

    /// <summary>Whether the file system under the root ignores case (probed once: does <c>.GIT</c> name <c>.git</c>?).</summary>
    public bool CaseInsensitive { get; }

    private StringComparison Comparison => CaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public ResolvedPath Resolve(string input, string cwd)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Contains('\0', StringComparison.Ordinal))
        {
            return new ResolvedPath(input, null, "not a usable path (empty or contains NUL)", null);
        }

        // A relative path starts at the cwd, which is resolved like the rest (it may itself be a link).
        // The walk uses the bytes as written, which are what the file system will look up (Linux does not
        // normalise names: an NFD-named link is only reached by its NFD spelling); the result is compared in NFC.
        var combined = input.StartsWith('/') ? input : cwd + "/" + input;
        var pending = new Stack<string>();
        var parts = new List<string>();
        if (combined.StartsWith(_rootSlash, StringComparison.Ordinal))
        {
            // The real root has no links in it: start inside it and skip the system calls for its folders.
            parts.AddRange(_rootParts);
            combined = combined[_rootSlash.Length..];
        }

        PushReversed(pending, combined);
        var real = Walk(pending, parts, CaseInsensitive);
        if (real.Problem is not null)
        {
            return new ResolvedPath(input, null, real.Problem, null);
        }

        var full = "/" + string.Join('/', parts);
        if (string.Equals(full, RealRoot, Comparison))
        {
            return new ResolvedPath(input, "", null, full);
        }

        if (!full.StartsWith(_rootSlash, Comparison))
        {
            return new ResolvedPath(input, null, $"outside the repository (resolves to {full})", full);
        }

        return new ResolvedPath(input, Nfc.Normalize(full[_rootSlash.Length..]), null, full);
    }

    private static (string? Problem, bool Exists) Walk(Stack<string> pending, List<string> parts, bool caseInsensitive)
    {
        var exists = true;
        var firstMissing = 0;
        var links = 0;
        while (pending.Count > 0)
        {
            var c = pending.Pop();
            if (c.Length == 0 || c == ".")
            {
                continue;
            }

            if (c == "..")
            {
                // The parts so far are real folders (while they exist), so popping one is the real parent.
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                // Climbing back out of the missing part lands on real folders again: resolve from there.
                if (!exists && parts.Count <= firstMissing)
                {
                    exists = true;
                }

                continue;
            }

            if (!exists)
            {
                parts.Add(c);
                continue;
            }

            var parent = "/" + string.Join('/', parts);
            if (caseInsensitive)
            {
                c = OnDiskName(parent, c);
            }

            var here = parent.Length == 1 ? "/" + c : parent + "/" + c;
            var info = new FileInfo(here);
            var attrs = info.Attributes;
            // A dangling link does not "exist" (stat follows it) but a write through it lands at its target.
            var target = (int)attrs == -1 || (attrs & FileAttributes.ReparsePoint) != 0 ? info.LinkTarget : null;
            if (target is null && (int)attrs == -1)
            {
                exists = false;
                firstMissing = parts.Count;
                parts.Add(c);
                continue;
            }

            if (target is not null)
            {
                if (++links > MaxLinks)
                {
                    return ($"too many symbolic links while resolving (a loop at {here}?)", false);
                }

                // Continue with the link's target in place of the link.
                PushReversed(pending, target);
                if (target.StartsWith('/'))
                {
                    parts.Clear();
                }

                continue;
            }

            parts.Add(c);
        }

        return (null, exists);
    }

    private static void PushReversed(Stack<string> stack, string path)
    {
        var segments = path.Split('/');
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            stack.Push(segments[i]);
        }
    }

    /// <summary>The spelling the folder really holds for <paramref name="name"/> (case-insensitive file systems only).</summary>
    private static string OnDiskName(string parent, string name)
    {
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(parent))
            {
                var n = Path.GetFileName(entry);
                if (string.Equals(n, name, StringComparison.Ordinal))
                {
                    return n;
                }

                if (string.Equals(Nfc.Normalize(n), name, StringComparison.OrdinalIgnoreCase))
                {
                    return Nfc.Normalize(n);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return name;
    }

    private static bool ProbeCaseInsensitive(string root)
    {
        var git = Path.Combine(root, ".git");
        var upper = Path.Combine(root, ".GIT");
        return (Directory.Exists(git) || File.Exists(git)) && (Directory.Exists(upper) || File.Exists(upper)) &&
               !Directory.EnumerateFileSystemEntries(root).Any(e => Path.GetFileName(e) == ".GIT");
    }

    /// <summary>The real path of a folder (its existing prefix resolved, the rest as written).</summary>
    private static string Real(string path)
    {
        var pending = new Stack<string>();
        PushReversed(pending, path);
        var parts = new List<string>();
        Walk(pending, parts, caseInsensitive: false);
        return "/" + string.Join('/', parts);
    }
}
