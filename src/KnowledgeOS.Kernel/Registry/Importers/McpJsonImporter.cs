using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeOS.Registry.Importers;

/// <summary>
/// MCP servers declared as JSON: Claude Code's <c>.mcp.json</c>, Gemini CLI's <c>.gemini/settings.json</c>, Qwen Code's
/// <c>.qwen/settings.json</c> and Copilot's <c>.github/mcp.json</c>, all under <c>mcpServers</c>:
/// <c>{name: {type?, command, args, env, url|httpUrl}}</c> (Copilot's <c>type: "local"</c> is stdio).
/// </summary>
internal static class McpJsonImporter
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static void Import(string root, string relative, ImportResult result)
    {
        var path = Path.Combine(root, relative);
        if (!File.Exists(path))
        {
            return;
        }

        var text = File.ReadAllText(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, Lenient);
        }
        catch (JsonException e)
        {
            result.Fail(relative, (int)(e.LineNumber ?? 0) + 1, $"not valid JSON ({FirstSentence(e.Message)}); fix it and run 'kos registry sync' again");
            return;
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("mcpServers", out var servers))
            {
                return; // A settings file without servers declares nothing.
            }

            if (servers.ValueKind != JsonValueKind.Object)
            {
                result.Fail(relative, LineOf(text, "mcpServers", 0), "\"mcpServers\" must be an object of {\"name\": {\"command\": …}}");
                return;
            }

            var from = text.IndexOf("\"mcpServers\"", StringComparison.Ordinal);
            foreach (var server in servers.EnumerateObject())
            {
                var line = LineOf(text, server.Name, from);
                if (Read(relative, line, server.Name, server.Value, result) is { } entry)
                {
                    result.Entries.Add(entry);
                }
            }
        }
    }

    private static RegistryEntry? Read(string file, int line, string name, JsonElement v, ImportResult result)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            result.Problems.Add(new RegistryProblem(file, line, $"server \"{name}\" must be an object with \"command\" (stdio) or \"url\" (http)"));
            return null;
        }

        var command = Str(v, "command");
        var url = Str(v, "url") ?? Str(v, "httpUrl");
        var type = (Str(v, "type") is "local" ? "stdio" : Str(v, "type")) ?? (command is not null ? "stdio" : Str(v, "httpUrl") is not null ? "http" : url is not null ? "sse" : null);
        if (command is null && url is null)
        {
            result.Problems.Add(new RegistryProblem(file, line, $"server \"{name}\" has neither \"command\" nor \"url\"; kos cannot tell how to reach it"));
            return null;
        }

        var args = v.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        var env = v.TryGetProperty("env", out var e) && e.ValueKind == JsonValueKind.Object
            ? e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList()
            : [];
        var tools = v.TryGetProperty("includeTools", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        return new RegistryEntry
        {
            Kind = EntryKinds.Mcp,
            Name = name,
            Origin = EntryOrigins.Sync,
            Source = file,
            Line = line,
            Transport = type,
            Command = command,
            Args = args,
            Url = url,
            EnvKeys = env,
            Tools = tools,
            Description = Str(v, "description"),
        };
    }

    /// <summary>The full declaration of one server, env values included, for starting it (never stored).</summary>
    public static IReadOnlyDictionary<string, string> Env(string root, string relative, string name)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(root, relative);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), Lenient);
            if (doc.RootElement.TryGetProperty("mcpServers", out var s) && s.TryGetProperty(name, out var v) &&
                v.TryGetProperty("env", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    env[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // Sync reports the file; the server simply starts without its env.
        }

        return env;
    }

    private static string? Str(JsonElement v, string property) =>
        v.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    /// <summary>JsonDocument keeps no positions, so find the property's line in the text.</summary>
    internal static int LineOf(string text, string property, int from)
    {
        var m = Regex.Match(text[Math.Max(0, from)..], "\"" + Regex.Escape(property) + "\"\\s*:");
        var at = m.Success ? Math.Max(0, from) + m.Index : from;
        var line = 1;
        for (var i = 0; i < at && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        var sb = new StringBuilder(cut > 0 ? message[..cut] : message.TrimEnd('.'));
        return sb.ToString();
    }
}
