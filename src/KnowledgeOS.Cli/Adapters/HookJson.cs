using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>Writes hook answers compactly (one line) with the reflection-free JsonNode API.</summary>
internal static class HookJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Agents cap hook output (Claude Code at 10,000 characters); keep reasons well inside it.</summary>
    public const int MaxText = 9000;

    public static string Write(JsonNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            node.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static string Cap(string? text) =>
        text is null ? "" : text.Length <= MaxText ? text : text[..MaxText] + "… (truncated)";

    /// <summary><c>{"hookSpecificOutput":{"hookEventName":E, …}}</c>, the Claude Code / Codex shape.</summary>
    public static string Specific(string eventName, params (string Key, string Value)[] fields)
    {
        var inner = new JsonObject { ["hookEventName"] = eventName };
        foreach (var (k, v) in fields)
        {
            inner[k] = Cap(v);
        }

        return Write(new JsonObject { ["hookSpecificOutput"] = inner });
    }

    public static string Decision(string decision, string reason) =>
        Write(new JsonObject { ["decision"] = decision, ["reason"] = Cap(reason) });
}
