using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Registry.Catalog;

/// <summary>What a runtime context says: the runtime it serves, its agents, and the prefix its dispatch names carry.</summary>
public sealed record RuntimeContext(string? Runtime, IReadOnlyList<string> Agents, string DispatchPrefix);

/// <summary>A describer's answer for one agent: methodology body, declared tools, runtime dispatch name.</summary>
public sealed record AgentDetails(string? Description, IReadOnlyList<string> Tools, string? Methodology, string? ToolName);

/// <summary>
/// Reads catalog servers' answers. Answers may be JSON (an array, or an object holding one) or plain lines;
/// Maestro's get_agent answers <c>{"agents": {NAME: {body, tools, tool_name}}, "errors": {NAME: message}}</c>.
/// </summary>
public static class CatalogAnswers
{
    /// <summary>A list tool's answer: the agents it names, with whatever description and tools it gives.</summary>
    public static List<CatalogAgent> Listing(string text)
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

    /// <summary>A runtime context's answer (Maestro's get_runtime_context); null when it lists no agents.</summary>
    public static RuntimeContext? Context(string text)
    {
        if (TryJson(text) is not JsonObject o || o["agents"] is not JsonArray agents)
        {
            return null;
        }

        var names = agents.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : Str(a as JsonObject, "name"))
            .OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new RuntimeContext(Str(o, "runtime"), names, Str(o["agent_dispatch"] as JsonObject, "prefix") ?? "");
    }

    /// <summary>
    /// A describer's answer for the <paramref name="requested"/> names: details per name, and the names it refused
    /// with its reason. A single-agent answer (an object describing one agent, or plain text) is matched to the one name asked.
    /// </summary>
    public static (Dictionary<string, AgentDetails> Found, Dictionary<string, string> Errors) Described(string text, IReadOnlyList<string> requested)
    {
        var found = new Dictionary<string, AgentDetails>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = TryJson(text);
        if (node is JsonObject { } batch && batch["agents"] is JsonObject byName)
        {
            foreach (var name in requested)
            {
                if (byName[name] is JsonObject one)
                {
                    found[name] = Details(one);
                }
            }

            if (batch["errors"] is JsonObject failed)
            {
                foreach (var (name, why) in failed)
                {
                    errors[name] = why is JsonValue v && v.TryGetValue<string>(out var s) ? s : why?.ToJsonString() ?? "refused";
                }
            }

            foreach (var name in requested.Where(n => !found.ContainsKey(n) && !errors.ContainsKey(n)))
            {
                errors[name] = "not in the answer";
            }

            return (found, errors);
        }

        if (requested.Count == 1)
        {
            found[requested[0]] = node is JsonObject o
                ? Details(o["agent"] as JsonObject ?? o)
                : new AgentDetails(FirstLine(text), [], text, null);
        }

        return (found, errors);
    }

    private static AgentDetails Details(JsonObject o)
    {
        var body = Str(o, "body") ?? Str(o, "prompt") ?? Str(o, "methodology") ?? Str(o, "instructions");
        return new AgentDetails(Str(o, "description") ?? Str(o, "summary") ?? Summary(body), ToolList(o["tools"]), body, Str(o, "tool_name"));
    }

    private static CatalogAgent? FromNode(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => new CatalogAgent(s, null, []),
        JsonObject o when (Str(o, "name") ?? Str(o, "id")) is { Length: > 0 } name =>
            new CatalogAgent(name, Str(o, "description") ?? Str(o, "summary"), ToolList(o["tools"])),
        _ => null,
    };

    private static List<string> ToolList(JsonNode? tools) => tools switch
    {
        JsonArray a => a.Select(t => t is JsonValue tv && tv.TryGetValue<string>(out var ts) ? ts : Str(t as JsonObject, "name")).OfType<string>().ToList(),
        JsonValue tv when tv.TryGetValue<string>(out var list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        _ => [],
    };

    /// <summary>The methodology's first line, as a description when the catalog gives none ("You are a **Senior Software Engineer** …").</summary>
    private static string? Summary(string? body)
    {
        var line = body is null ? null : FirstLine(body)?.Replace("**", "", StringComparison.Ordinal).TrimStart('#', ' ');
        return line is null ? null : line.Length <= 160 ? line : line[..159] + "…";
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
}
