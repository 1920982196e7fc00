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
/// answer "who owns this path" by reading a few hundred short rows instead of every task's state.
/// </summary>
public static class ScopeIndex
{
    public const string RecordKind = "scope";

    public static void Put(ILedgerWriter w, TaskState task) =>
        w.PutRecord(RecordKind, task.Id, task.Id, JsonSerializer.Serialize(
            new ScopeEntry(task.Id, task.Phase, task.Scope, task.Claim?.Session, task.Claim?.LeaseUntil), ScopesJson.Default.ScopeEntry));

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

    /// <summary>Every task that holds a scope now (phases route to report).</summary>
    public static IReadOnlyList<ScopeEntry> Active(ILedgerReader r)
    {
        var list = new List<ScopeEntry>();
        foreach (var (_, value) in r.ListRecords(RecordKind))
        {
            if (JsonSerializer.Deserialize(value, ScopesJson.Default.ScopeEntry) is { Active: true } e)
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
