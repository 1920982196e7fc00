using System.Text.Json.Nodes;
using KnowledgeOS.Project;

namespace KnowledgeOS.Scopes;

/// <summary>
/// A session's view of its work tree after its last reconciled call: the changed files git lists (with a
/// digest of each), the HEAD commit, the protected files git does not list (<see cref="UnlistedPaths"/>),
/// and the scope strictness in force. Kept as the record <c>tree-snapshot/SESSION</c>.
/// </summary>
public sealed record TreeSnapshot(string At, IReadOnlyDictionary<string, string> Files, string? Head, IReadOnlyDictionary<string, string> Unlisted, Strictness? Strictness)
{
    public string ToJsonString() => new JsonObject
    {
        ["at"] = At, ["files"] = Map(Files), ["head"] = Head, ["unlisted"] = Map(Unlisted), ["strictness"] = Strictness?.ToString().ToLowerInvariant(),
    }.ToJsonString();

    public static TreeSnapshot Parse(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject;
        // Older snapshots were the bare file map, or had only "at" and "files".
        var files = node?["files"] as JsonObject ?? (node?.ContainsKey("at") == true ? null : node);
        var level = node?["strictness"]?.GetValue<string>() is { } s && Enum.TryParse<Strictness>(s, ignoreCase: true, out var l) ? l : (Strictness?)null;
        return new TreeSnapshot(node?["at"]?.GetValue<string>() ?? "", Read(files), node?["head"]?.GetValue<string>(), Read(node?["unlisted"] as JsonObject), level);
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> files)
    {
        var o = new JsonObject();
        foreach (var (k, v) in files)
        {
            o[k] = v;
        }

        return o;
    }

    private static Dictionary<string, string> Read(JsonObject? o)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in o ?? [])
        {
            if (v is JsonValue value && value.TryGetValue(out string? s))
            {
                d[k] = s;
            }
        }

        return d;
    }
}
