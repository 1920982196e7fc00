using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters.Claude;

/// <summary>What kos wrote into one work tree's sandbox settings, so the next update and the uninstall touch only that.</summary>
internal sealed class FenceState
{
    public string WorkTree { get; set; } = "";

    public List<string> DenyWrite { get; set; } = [];

    public List<string> AllowWrite { get; set; } = [];

    public List<string> DenyRead { get; set; } = [];

    /// <summary>Sandbox keys kos set, with the user's value before (null: absent), as JSON text.</summary>
    public Dictionary<string, string?> Keys { get; } = [];

    /// <summary>
    /// What kos created and removes again once empty: "file", "sandbox", "sandbox/filesystem", "sandbox/filesystem/denyWrite"…
    /// Null in a state written before kos kept it: then whatever is left empty is removed, as it was.
    /// </summary>
    public HashSet<string>? Created { get; set; } = [];

    public static FenceState? Read(string file)
    {
        if (!File.Exists(file) || JsonNode.Parse(File.ReadAllText(file)) is not JsonObject o)
        {
            return null;
        }

        var state = new FenceState
        {
            WorkTree = o["workTree"]?.ToString() ?? "",
            DenyWrite = Strings(o["denyWrite"]),
            AllowWrite = Strings(o["allowWrite"]),
            DenyRead = Strings(o["denyRead"]),
            Created = o["created"] is JsonArray created ? [.. Strings(created)] : null,
        };
        foreach (var (k, v) in o["keys"] as JsonObject ?? [])
        {
            state.Keys[k] = v?.ToString();
        }

        return state;
    }

    public void Write(string file)
    {
        var keys = new JsonObject();
        foreach (var (k, v) in Keys)
        {
            keys[k] = v;
        }

        var o = new JsonObject
        {
            ["workTree"] = WorkTree,
            ["denyWrite"] = new JsonArray([.. DenyWrite.Select(d => (JsonNode?)d)]),
            ["allowWrite"] = new JsonArray([.. AllowWrite.Select(d => (JsonNode?)d)]),
            ["denyRead"] = new JsonArray([.. DenyRead.Select(d => (JsonNode?)d)]),
            ["keys"] = keys,
            ["created"] = Created is null ? null : new JsonArray([.. Created.Order(StringComparer.Ordinal).Select(c => (JsonNode?)c)]),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(temp, o.ToJsonString());
        File.Move(temp, file, overwrite: true);
    }

    private static List<string> Strings(JsonNode? n) => (n as JsonArray)?.Select(x => x?.ToString()).OfType<string>().ToList() ?? [];
}
