using System.Text.Json;

namespace KnowledgeOS.Registry.Importers;

/// <summary>
/// OpenCode's <c>opencode.json</c> (or <c>opencode.jsonc</c>): <c>mcp</c> servers (<c>{"type":"local","command":["npx","srv"],
/// "environment":{…}}</c> or <c>{"type":"remote","url":…}</c>) and <c>agent</c> definitions (<c>{"description","mode","tools":{…}}</c>).
/// </summary>
internal static class OpenCodeConfigImporter
{
    public static readonly string[] Files = ["opencode.json", "opencode.jsonc"];

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static void Import(string root, ImportResult result)
    {
        foreach (var relative in Files)
        {
            var path = Path.Combine(root, relative);
            if (!File.Exists(path))
            {
                continue;
            }

            var text = File.ReadAllText(path);
            try
            {
                using var doc = JsonDocument.Parse(text, Lenient);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    result.Fail(relative, 1, "must be a JSON object");
                    continue;
                }

                if (doc.RootElement.TryGetProperty("mcp", out var mcp))
                {
                    Servers(relative, text, mcp, result);
                }

                if (doc.RootElement.TryGetProperty("agent", out var agents))
                {
                    Agents(relative, text, agents, result);
                }
            }
            catch (JsonException e)
            {
                result.Fail(relative, (int)(e.LineNumber ?? 0) + 1, "not valid JSON; fix it and run 'kos registry sync' again");
            }
        }
    }

    private static void Servers(string file, string text, JsonElement mcp, ImportResult result)
    {
        var from = text.IndexOf("\"mcp\"", StringComparison.Ordinal);
        if (mcp.ValueKind != JsonValueKind.Object)
        {
            result.Fail(file, McpJsonImporter.LineOf(text, "mcp", 0), "\"mcp\" must be an object of {\"name\": {\"type\": \"local\", \"command\": [\"…\"]}}");
            return;
        }

        foreach (var server in mcp.EnumerateObject())
        {
            var line = McpJsonImporter.LineOf(text, server.Name, from);
            var v = server.Value;
            var argv = v.ValueKind == JsonValueKind.Object && v.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : [];
            var url = Str(v, "url");
            if (argv.Count == 0 && url is null)
            {
                result.Problems.Add(new RegistryProblem(file, line, $"server \"{server.Name}\" has neither \"command\" (an array) nor \"url\"; kos cannot tell how to reach it"));
                continue;
            }

            result.Entries.Add(new RegistryEntry
            {
                Kind = EntryKinds.Mcp,
                Name = server.Name,
                Origin = EntryOrigins.Sync,
                Source = file,
                Line = line,
                Transport = argv.Count > 0 ? "stdio" : "http",
                Command = argv.Count > 0 ? argv[0] : null,
                Args = argv.Skip(1).ToList(),
                Url = url,
                EnvKeys = v.TryGetProperty("environment", out var e) && e.ValueKind == JsonValueKind.Object
                    ? e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList()
                    : [],
            });
        }
    }

    private static void Agents(string file, string text, JsonElement agents, ImportResult result)
    {
        if (agents.ValueKind != JsonValueKind.Object)
        {
            result.Fail(file, McpJsonImporter.LineOf(text, "agent", 0), "\"agent\" must be an object of {\"name\": {\"description\": …}}");
            return;
        }

        var from = text.IndexOf("\"agent\"", StringComparison.Ordinal);
        foreach (var agent in agents.EnumerateObject())
        {
            var v = agent.Value;
            if (v.ValueKind != JsonValueKind.Object)
            {
                result.Problems.Add(new RegistryProblem(file, McpJsonImporter.LineOf(text, agent.Name, from), $"agent \"{agent.Name}\" must be an object"));
                continue;
            }

            // "tools": {"write": false, "bash": true}: the tools it is given.
            var tools = v.TryGetProperty("tools", out var t) && t.ValueKind == JsonValueKind.Object
                ? t.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.True).Select(p => p.Name).ToList()
                : [];
            result.Entries.Add(new RegistryEntry
            {
                Kind = EntryKinds.Subagent,
                Name = agent.Name,
                Origin = EntryOrigins.Sync,
                Source = file,
                Line = McpJsonImporter.LineOf(text, agent.Name, from),
                Description = Str(v, "description"),
                Tools = tools,
            });
        }
    }

    /// <summary>A local server's <c>environment</c> values, read fresh for starting it (never stored).</summary>
    public static IReadOnlyDictionary<string, string> Env(string root, string relative, string name)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, relative)), Lenient);
            if (doc.RootElement.TryGetProperty("mcp", out var s) && s.TryGetProperty(name, out var v) &&
                v.TryGetProperty("environment", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    env[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
        }

        return env;
    }

    private static string? Str(JsonElement v, string property) =>
        v.ValueKind == JsonValueKind.Object && v.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
