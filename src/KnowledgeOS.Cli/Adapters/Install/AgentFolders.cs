using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters.Install;

/// <summary>Reading the agents' own trust records for <c>kos hooks status</c>: tolerant of comments, never writing.</summary>
internal static class AgentFolders
{
    public static string Home(Func<string, string?> env) => env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>The JSON object in <paramref name="file"/> (comments and trailing commas allowed), or null when absent or unreadable.</summary>
    public static JsonObject? Read(string file)
    {
        try
        {
            return File.Exists(file)
                ? JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="folder"/> is <paramref name="trusted"/> or inside it.</summary>
    public static bool Covers(string trusted, string folder)
    {
        var t = Path.TrimEndingDirectorySeparator(Path.GetFullPath(trusted));
        var f = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return f == t || f.StartsWith(t + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    public static bool Truthy(string? value) => value is { Length: > 0 } v && v is not ("0" or "false" or "FALSE" or "False");
}
