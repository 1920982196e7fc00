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
    /// characters is returned (and stat'ed for its size): a 20,000-file scope never lists whole.
    /// <paramref name="changed"/> is <see cref="StartChanged"/>, begun while the tree was being listed.
    /// </summary>
    public static (IReadOnlyList<PackFile> Files, int Total) Rank(string root, WriteScope scope, ProtectedPaths protectedPaths, IReadOnlyList<string> tree, string taskText, Task<HashSet<string>> changedFiles, long charBudget)
    {
        var text = taskText.ToLowerInvariant();
        var words = Words(text).ToHashSet(StringComparer.Ordinal);
        var changed = changedFiles.GetAwaiter().GetResult();
        var ranked = new List<PackFile>();
        foreach (var path in tree)
        {
            if (!scope.Matches(path) || protectedPaths.Why(path) is not null)
            {
                continue;
            }

            var score = 0;
            var why = new List<string>();
            var lower = path.ToLowerInvariant();
            var name = Path.GetFileName(lower);
            if (text.Contains(lower, StringComparison.Ordinal) || (name.Contains('.', StringComparison.Ordinal) && text.Contains(name, StringComparison.Ordinal)))
            {
                score += 100;
                why.Add("named in the task");
            }

            if (changed.Contains(path))
            {
                score += 50;
                why.Add("changed in the working tree");
            }

            var shared = Words(lower).Where(words.Contains).Distinct().Order(StringComparer.Ordinal).ToList();
            if (shared.Count > 0)
            {
                score += 10 * shared.Count;
                why.Add("mentions " + string.Join(", ", shared));
            }

            ranked.Add(new PackFile(path, 0, score, string.Join("; ", why)));
        }

        ranked.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Path, b.Path));
        var head = new List<PackFile>();
        long chars = 0;
        foreach (var f in ranked)
        {
            chars += f.Path.Length + f.Why.Length + 12;
            if (chars > charBudget)
            {
                break;
            }

            head.Add(f with { Size = Size(Path.Combine(root, f.Path)) });
        }

        return (head, ranked.Count);
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
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                var w = text[start..i];
                start = -1;
                if (w.Length >= 3 && !Stop.Contains(w) && !char.IsDigit(w[0]))
                {
                    yield return w;
                }
            }
        }
    }

    /// <summary>Starts listing the files git sees as modified, added or untracked (one git call, in the background).</summary>
    public static Task<HashSet<string>> StartChanged(string root) => Task.Run(() => Changed(root));

    private static HashSet<string> Changed(string root)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        var r = GitCli.Run(root, "-c", "core.quotePath=off", "status", "--porcelain=v1", "-z", "--untracked-files=all");
        if (!r.Ok)
        {
            return set;
        }

        var entries = r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            if (e.Length > 3)
            {
                set.Add(Nfc.Normalize(e[3..]));
            }

            if (e.StartsWith('R') || e.StartsWith('C'))
            {
                i++; // a rename's second entry is the old name
            }
        }

        return set;
    }
}
