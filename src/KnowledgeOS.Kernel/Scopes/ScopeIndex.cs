using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Scopes;

/// <summary>One task's entry in the scope index: what a write check needs, without the whole task.</summary>
public sealed record ScopeEntry(string Task, Phase Phase, IReadOnlyList<string> Scope, string? Session, string? LeaseUntil)
{
    public bool Active => Phase.IsActive();
}

/// <summary>
/// A projection (records of kind <c>scope</c>) kept in step with every task save, so a hook can
/// answer "who owns this path" by reading a few short rows instead of every task's state. Beside it,
/// a prefix tree over the active scopes (<see cref="ScopePrefixTree"/>) lets route, dispatch, quick-create
/// and the write check read only the scopes that could overlap a scope or cover a path.
/// </summary>
public static class ScopeIndex
{
    public const string RecordKind = "scope";

    public static void Put(ILedgerWriter w, TaskState task)
    {
        var entry = new ScopeEntry(task.Id, task.Phase, task.Scope, task.Claim?.Session, task.Claim?.LeaseUntil);
        var before = w.GetRecord(RecordKind, task.Id) is { } old ? Parse(old) : null;
        w.PutRecord(RecordKind, task.Id, task.Id, JsonSerializer.Serialize(entry, ScopesJson.Default.ScopeEntry));
        ScopePrefixTree.Update(w, before, entry);
    }

    internal static ScopeEntry? Parse(string json) => JsonSerializer.Deserialize(json, ScopesJson.Default.ScopeEntry);

    /// <summary>
    /// False only when every positive glob is anchored under a first folder the path is not in (a
    /// cheap pre-check before compiling a scope); true whenever a glob might match.
    /// </summary>
    public static bool CouldMatch(IReadOnlyList<string> globs, string path)
    {
        foreach (var raw in globs)
        {
            var g = raw.Trim();
            if (g.StartsWith('!'))
            {
                continue;
            }

            g = g.TrimStart('/');
            var slash = g.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || ScopeGlob.HasWildcard(g[..slash]) || g.StartsWith("./", StringComparison.Ordinal))
            {
                return true;
            }

            if (path.Length >= slash && string.CompareOrdinal(path, 0, g, 0, slash) == 0 && (path.Length == slash || path[slash] == '/'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The first folder of every positive glob (<c>area1</c> for <c>area1/**</c>), or null when some
    /// glob could match outside a fixed first folder. Scopes with disjoint first folders never overlap.
    /// </summary>
    public static HashSet<string>? FirstFolders(IReadOnlyList<string> globs)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in globs)
        {
            var g = raw.Trim();
            if (g.StartsWith('!'))
            {
                continue;
            }

            g = g.TrimStart('/');
            var slash = g.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || ScopeGlob.HasWildcard(g[..slash]) || g.StartsWith("./", StringComparison.Ordinal))
            {
                return null;
            }

            set.Add(g[..slash]);
        }

        return set;
    }

    /// <summary>Every task that holds a scope now (phases route to report), by task ID.</summary>
    public static IReadOnlyList<ScopeEntry> Active(ILedgerReader r)
    {
        var list = new List<ScopeEntry>();
        foreach (var (_, value) in r.ListRecords(RecordKind))
        {
            if (Parse(value) is { Active: true } e)
            {
                list.Add(e);
            }
        }

        return list;
    }

    /// <summary>
    /// The active tasks whose scope could overlap <paramref name="scope"/> (a superset of those
    /// <see cref="ScopeOverlap"/> reports), by task ID; read through the prefix tree when it is built.
    /// </summary>
    public static IReadOnlyList<ScopeEntry> MayOverlap(ILedgerReader r, IReadOnlyList<string> scope) =>
        ScopePrefixTree.OverlapCandidates(r, scope) is { } ids ? Load(r, ids) : Active(r);

    /// <summary>The active tasks whose scope could cover <paramref name="path"/> (a superset of those that do), by task ID.</summary>
    public static IReadOnlyList<ScopeEntry> MayCover(ILedgerReader r, string path) =>
        ScopePrefixTree.PathCandidates(r, path) is { } ids ? Load(r, ids) : Active(r);

    private static List<ScopeEntry> Load(ILedgerReader r, IEnumerable<string> ids)
    {
        var list = new List<ScopeEntry>();
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            if (r.GetRecord(RecordKind, id) is { } json && Parse(json) is { Active: true } e)
            {
                list.Add(e);
            }
        }

        return list;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScopeEntry))]
internal sealed partial class ScopesJson : JsonSerializerContext;
