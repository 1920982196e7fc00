using System.Text.Json.Nodes;
using System.Text.Json;
using KnowledgeOS.Cli;
using KnowledgeOS.Registry;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace KnowledgeOS.Mcp;

/// <summary>
/// Reads a specialist-agent catalog an orchestrator exposes over MCP: a tool that lists its agents
/// (<c>list_agents</c>, <c>get_agents</c>, …) and, if present, <c>get_agent</c> describing one
/// (as Maestro Orchestrate does). Answers may be JSON (an array, or an object holding one) or plain lines.
/// </summary>
internal static class CatalogReader
{
    public static async Task<IReadOnlyList<CatalogAgent>> ReadAsync(RegistryEntry server, string root, TimeSpan timeout, CancellationToken ct)
    {
        var connection = new ServerConnection();
        await using (connection.ConfigureAwait(false))
        {
            McpClient client;
            try
            {
                client = await connection.ConnectAsync(server, root, timeout, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException or ModelContextProtocol.McpException or System.ComponentModel.Win32Exception)
            {
                throw KosException.Environment($"{server.Key} did not start or answer: {e.Message}{StderrNote(connection)}");
            }

            var tools = await client.ListToolsAsync(cancellationToken: ct).ConfigureAwait(false);
            var names = tools.Select(t => t.Name).ToList();
            var lister = names.FirstOrDefault(n => n is "list_agents" or "get_agents" or "list_specialists")
                ?? names.FirstOrDefault(n => n.Contains("list", StringComparison.OrdinalIgnoreCase) && n.Contains("agent", StringComparison.OrdinalIgnoreCase))
                ?? throw KosException.Input($"{server.Key} has no tool that lists agents (its tools: {string.Join(", ", names)}); a catalog server offers list_agents (and get_agent).");
            var describer = tools.FirstOrDefault(t => t.Name is "get_agent" or "describe_agent");

            var listing = await CallAsync(client, lister, [], timeout, ct).ConfigureAwait(false);
            var agents = ParseListing(listing);
            if (agents.Count == 0)
            {
                throw KosException.Input($"{server.Key}'s {lister} listed no agents; its answer was: {Clip(listing)}");
            }

            if (describer is null)
            {
                return agents;
            }

            var argument = ArgumentName(describer.ProtocolTool);
            var described = new List<CatalogAgent>(agents.Count);
            foreach (var agent in agents)
            {
                var text = await CallAsync(client, describer.Name, new Dictionary<string, JsonElement> { [argument] = JsonSerializer.SerializeToElement(agent.Name, McpJsonContext.Default.String) }, timeout, ct).ConfigureAwait(false);
                described.Add(Merge(agent, text));
            }

            return described;
        }
    }

    private static async Task<string> CallAsync(McpClient client, string tool, Dictionary<string, JsonElement> args, TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        var result = await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = args }, timer.Token).ConfigureAwait(false);
        var text = string.Join('\n', result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        if (result.IsError == true)
        {
            throw KosException.Environment($"{tool} answered with an error: {Clip(text)}");
        }

        return result.StructuredContent is { } structured && text.Length == 0 ? structured.GetRawText() : text;
    }

    /// <summary>The name of get_agent's one required argument (name, agent, agent_name…).</summary>
    private static string ArgumentName(Tool tool)
    {
        var schema = tool.InputSchema;
        if (schema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array && req.GetArrayLength() > 0)
        {
            return req[0].GetString() ?? "name";
        }

        if (schema.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in props.EnumerateObject())
            {
                return p.Name;
            }
        }

        return "name";
    }

    internal static List<CatalogAgent> ParseListing(string text)
    {
        var node = TryJson(text);
        var array = node switch
        {
            JsonArray a => a,
            JsonObject o => o["agents"] as JsonArray ?? o["specialists"] as JsonArray ?? o.Select(p => p.Value).OfType<JsonArray>().FirstOrDefault(),
            _ => null,
        };
        if (array is not null)
        {
            return [.. array.Select(FromNode).OfType<CatalogAgent>()];
        }

        // Plain text: one agent per line, "- name: description" or "name — description".
        var agents = new List<CatalogAgent>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().TrimStart('-', '*', ' ');
            if (line.Length == 0)
            {
                continue;
            }

            var cut = line.IndexOfAny([':', '—', '–']);
            var name = (cut > 0 ? line[..cut] : line).Trim().Trim('`', '*');
            if (name.Length > 0 && !name.Any(char.IsWhiteSpace))
            {
                agents.Add(new CatalogAgent(name, cut > 0 ? line[(cut + 1)..].Trim() : null, []));
            }
        }

        return agents;
    }

    private static CatalogAgent Merge(CatalogAgent listed, string described) =>
        TryJson(described) is JsonObject o && FromNode(o["agent"] is JsonObject inner ? inner : o) is { } full
            ? full with { Name = listed.Name, Description = full.Description ?? listed.Description, Tools = full.Tools.Count > 0 ? full.Tools : listed.Tools }
            : listed with { Description = listed.Description ?? FirstLine(described) };

    private static CatalogAgent? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0:
                return new CatalogAgent(s, null, []);
            case JsonObject o when (Str(o, "name") ?? Str(o, "id")) is { Length: > 0 } name:
                var tools = o["tools"] switch
                {
                    JsonArray a => a.Select(t => t is JsonValue tv && tv.TryGetValue<string>(out var ts) ? ts : Str(t as JsonObject, "name")).OfType<string>().ToList(),
                    JsonValue tv when tv.TryGetValue<string>(out var list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                    _ => [],
                };
                return new CatalogAgent(name, Str(o, "description") ?? Str(o, "summary"), tools);
            default:
                return null;
        }
    }

    private static string? Str(JsonObject? o, string key) =>
        o?[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static JsonNode? TryJson(string text)
    {
        var t = text.Trim();
        if (t.Length == 0 || (t[0] != '{' && t[0] != '['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(t);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FirstLine(string text) => text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string StderrNote(ServerConnection c) => c.Stderr.Length > 0 ? $"\nits stderr:\n{c.Stderr}" : "";
}
