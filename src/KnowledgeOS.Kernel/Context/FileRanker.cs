using KnowledgeOS.Git;
using KnowledgeOS.Scopes;

namespace KnowledgeOS.Context;

/// <summary>
/// Ranks the files in a task's scope by how likely the agent needs them: named outright in the
/// task's words (intent, requirements, plan, decisions) first, then changed in the working tree,
/// then sharing words with the task; ties by path. Deterministic for a given tree and task.
/// </summary>
public static class FileRanker
{
    private static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "from", "that", "this", "into", "add", "use", "all", "any", "not", "are", "can", "will", "must", "when", "each",
        "src", "lib", "test", "tests", "index", "main", "readme", "file", "files",
    };

    /// <summary>
    /// Ranks the tree's files in scope; only the head that could fit in <paramref name="charBudget"/>
    /// characters is returned (and stat'ed for its size, and given its reasons): a 20,000-file scope never lists whole.
    /// The tree is what git sees: the <paramref name="tracked"/> files (<see cref="Tracked"/>) and the untracked ones
    /// <paramref name="status"/> (<see cref="StartStatus"/>, begun before the tracked files were listed) found; one walk of the tree, not two.
    /// </summary>
    public static (IReadOnlyList<PackFile> Files, int Total) Rank(string root, WriteScope scope, ProtectedPaths protectedPaths, IReadOnlyList<string> tracked, string taskText, Task<TreeStatus> status, long charBudget)
    {
        var text = taskText.ToLowerInvariant();
        var words = Words(text).ToHashSet(StringComparer.Ordinal);
        var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
        var (changed, untracked) = status.GetAwaiter().GetResult();
        var ranked = new List<(string Path, int Score)>();
        var shared = new List<string>();
        foreach (var path in tracked.Concat(untracked).Distinct(StringComparer.Ordinal)) // an unmerged path is listed once per stage
        {
            if (!scope.Matches(path) || protectedPaths.Why(path) is not null)
            {
                continue;
            }

            var (named, isChanged) = Signals(path, text, changed);
            SharedWords(path.ToLowerInvariant(), lookup, shared);
            ranked.Add((path, (named ? 100 : 0) + (isChanged ? 50 : 0) + 10 * shared.Count));
        }

        ranked.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Path, b.Path));
        var head = new List<PackFile>();
        long chars = 0;
        foreach (var (path, score) in ranked)
        {
            // The reasons are worded only for the files that may fit: the score alone orders the rest.
            var (named, isChanged) = Signals(path, text, changed);
            SharedWords(path.ToLowerInvariant(), lookup, shared);
            shared.Sort(StringComparer.Ordinal);
            var why = new List<string>(3);
            if (named)
            {
                why.Add("named in the task");
            }

            if (isChanged)
            {
                why.Add("changed in the working tree");
            }

            if (shared.Count > 0)
            {
                why.Add("mentions " + string.Join(", ", shared));
            }

            var reasons = string.Join("; ", why);
            chars += path.Length + reasons.Length + 12;
            if (chars > charBudget)
            {
                break;
            }

            head.Add(new PackFile(path, Size(Path.Combine(root, path)), score, reasons));
        }

        return (head, ranked.Count);
    }

    /// <summary>Whether the task's words name the file (its path, or a file name with an extension), and whether git sees it changed.</summary>
    private static (bool Named, bool Changed) Signals(string path, string text, HashSet<string> changed)
    {
        var lower = path.ToLowerInvariant();
        var name = Path.GetFileName(lower.AsSpan());
        var named = text.Contains(lower, StringComparison.Ordinal) || (name.Contains('.') && text.AsSpan().Contains(name, StringComparison.Ordinal));
        return (named, changed.Contains(path));
    }

    /// <summary>The task's words <paramref name="lowerPath"/> shares, each once, into <paramref name="into"/> (no allocation for a path that shares none).</summary>
    private static void SharedWords(string lowerPath, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> taskWords, List<string> into)
    {
        into.Clear();
        for (var i = 0; NextWord(lowerPath, ref i, out var range);)
        {
            if (taskWords.TryGetValue(lowerPath.AsSpan(range), out var word) && !into.Contains(word))
            {
                into.Add(word);
            }
        }
    }

    private static long Size(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static IEnumerable<string> Words(string text)
    {
        for (var i = 0; NextWord(text, ref i, out var range);)
        {
            var w = text[range];
            if (w.Length >= 3 && !Stop.Contains(w) && !char.IsDigit(w[0]))
            {
                yield return w;
            }
        }
    }

    /// <summary>The next run of letters and digits in <paramref name="text"/> at or after <paramref name="i"/>; false at the end.</summary>
    private static bool NextWord(string text, ref int i, out Range word)
    {
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        var start = i;
        while (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            i++;
        }

        word = start..i;
        return i > start;
    }

    /// <summary>Starts <c>git status</c> in the background: the files git sees as modified, added or untracked, and the untracked ones.</summary>
    public static Task<TreeStatus> StartStatus(string root) => Task.Run(() => Status(root));

    /// <summary>The files git tracks (<c>git ls-files</c>: the index, no walk of the tree), NFC.</summary>
    public static IReadOnlyList<string> Tracked(string root)
    {
        var r = GitCli.Run(root, "-c", "core.quotePath=off", "ls-files", "-c", "-z");
        return r.Ok ? r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(Nfc.Normalize).ToList() : [];
    }

    private static TreeStatus Status(string root)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        var untracked = new List<string>();
        var r = GitCli.Run(root, "-c", "core.quotePath=off", "status", "--porcelain=v1", "-z", "--untracked-files=all");
        if (!r.Ok)
        {
            return new TreeStatus(changed, untracked);
        }

        var entries = r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            if (e.Length > 3)
            {
                var path = Nfc.Normalize(e[3..]);
                changed.Add(path);
                if (e.StartsWith("??", StringComparison.Ordinal))
                {
                    untracked.Add(path);
                }
            }

            if (e.StartsWith('R') || e.StartsWith('C'))
            {
                i++; // a rename's second entry is the old name
            }
        }

        return new TreeStatus(changed, untracked);
    }
}

/// <summary>What <c>git status</c> says of a work tree: the files changed in any way, and those of them git does not track.</summary>
public sealed record TreeStatus(HashSet<string> Changed, IReadOnlyList<string> Untracked)
{
    public static readonly TreeStatus None = new([], []);
}
