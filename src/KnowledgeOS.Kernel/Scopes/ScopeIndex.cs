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
