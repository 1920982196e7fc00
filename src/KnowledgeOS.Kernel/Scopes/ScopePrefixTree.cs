using KnowledgeOS.Ledger;

namespace KnowledgeOS.Scopes;

/// <summary>
/// A prefix tree over the literal folder prefixes of the active scopes, kept as projection records
/// (key = task ID) so a lookup reads only the scopes that could meet a given scope or path:
/// <list type="bullet">
/// <item><c>scope@P</c>: the tasks with a glob whose literal prefix is exactly <c>P</c> (<c>src/app</c> for <c>src/app/**/*.cs</c>);</item>
/// <item><c>scope^F</c>: the tasks with a glob whose literal prefix is <c>F</c> or lies under it (one row per folder on the way down);</item>
/// <item><c>scope*</c>: the tasks with a glob that can match outside any fixed folder (<c>*.md</c>, <c>README.md</c>, <c>**/x</c>).</item>
/// </list>
/// Two scopes whose prefixes are all present (<see cref="ScopeOverlap.Prefixes"/>) can only overlap
/// when one prefix equals or contains the other, and a path can only be covered by a glob whose prefix
/// is the path or one of its folders: so the rows read are a superset of the answer, never a miss.
/// Ledgers written before the tree existed are indexed on their first task save; until then lookups
/// answer null and callers read every active scope.
/// </summary>
public static class ScopePrefixTree
{
    internal const string At = "scope@";
    internal const string Under = "scope^";
    internal const string Anywhere = "scope*";
    internal const string Marker = "scope-index";
    internal const string Version = "1";

    /// <summary>Moves one task's rows from what <paramref name="before"/> held to what <paramref name="after"/> holds.</summary>
    public static void Update(ILedgerWriter w, ScopeEntry? before, ScopeEntry after)
    {
        if (!Built(w))
        {
            foreach (var e in ScopeIndex.Active(w))
            {
                foreach (var kind in Kinds(e))
                {
                    w.PutRecord(kind, e.Task, null, "");
                }
            }

            w.PutRecord(Marker, Version, null, "built");
            return;
        }

        var old = Kinds(before);
        var now = Kinds(after);
        foreach (var kind in old.Where(k => !now.Contains(k)))
        {
            w.DeleteRecord(kind, after.Task);
        }

        foreach (var kind in now.Where(k => !old.Contains(k)))
        {
            w.PutRecord(kind, after.Task, null, "");
        }
    }

    /// <summary>The candidates for overlapping <paramref name="scope"/>, or null when every active scope must be read.</summary>
    public static IReadOnlySet<string>? OverlapCandidates(ILedgerReader r, IReadOnlyList<string> scope)
    {
        if (!Built(r) || PrefixesOf(scope) is not { } mine)
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        Read(r, Anywhere, ids);
        foreach (var x in mine.Distinct(StringComparer.Ordinal))
        {
            Read(r, Under + x, ids);
            foreach (var folder in Ancestors(x))
            {
                Read(r, At + folder, ids);
            }
        }

        return ids;
    }

    /// <summary>The candidates for covering <paramref name="path"/>, or null when every active scope must be read.</summary>
    public static IReadOnlySet<string>? PathCandidates(ILedgerReader r, string path)
    {
        if (!Built(r))
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        Read(r, Anywhere, ids);
        Read(r, At + path, ids);
        foreach (var folder in Ancestors(path))
        {
            Read(r, At + folder, ids);
        }

        return ids;
    }

    /// <summary>The record kinds one task's rows live under (none when it holds no scope).</summary>
    internal static HashSet<string> Kinds(ScopeEntry? e)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (e is not { Active: true } || e.Scope.Count == 0)
        {
            return set;
        }

        if (PrefixesOf(e.Scope) is not { } prefixes)
        {
            set.Add(Anywhere);
            return set;
        }

        foreach (var p in prefixes)
        {
            set.Add(At + p);
            set.Add(Under + p);
            foreach (var folder in Ancestors(p))
            {
                set.Add(Under + folder);
            }
        }

        return set;
    }

    private static bool Built(ILedgerReader r) => r.GetRecord(Marker, Version) is not null;

    /// <summary>Whether the tree's rows are kept (ledgers from before it have none until a task save builds them).</summary>
    internal static bool IsBuilt(ILedgerReader r) => Built(r);

    private static IReadOnlyList<string>? PrefixesOf(IReadOnlyList<string> scope)
    {
        try
        {
            return ScopeOverlap.Prefixes(WriteScope.Compile(scope));
        }
        catch (KosException)
        {
            return null;
        }
    }

    /// <summary>The proper ancestors of a '/'-separated path: <c>a</c>, <c>a/b</c> for <c>a/b/c</c>.</summary>
    private static IEnumerable<string> Ancestors(string path)
    {
        for (var i = path.IndexOf('/', StringComparison.Ordinal); i > 0; i = path.IndexOf('/', i + 1))
        {
            yield return path[..i];
        }
    }

    private static void Read(ILedgerReader r, string kind, HashSet<string> into)
    {
        foreach (var (key, _) in r.ListRecords(kind))
        {
            into.Add(key);
        }
    }
}
