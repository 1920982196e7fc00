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

    /// <summary>
    /// Gemini CLI's and Qwen Code's folder-trust rule (<c>trustedFolders.json</c>: path → <c>TRUST_FOLDER</c>,
    /// <c>TRUST_PARENT</c> or <c>DO_NOT_TRUST</c>): the longest rule covering <paramref name="root"/> decides.
    /// The level that applies, or null when no rule covers it (untrusted when they run headless).
    /// </summary>
    public static string? TrustLevel(JsonObject rules, string root)
    {
        string? verdict = null;
        var longest = -1;
        foreach (var (path, node) in rules)
        {
            var level = node is JsonValue l && l.TryGetValue(out string? s) ? s : null;
            var covered = level == "TRUST_PARENT" ? Path.GetDirectoryName(path) ?? path : path;
            if (Covers(covered, root) && path.Length > longest)
            {
                (verdict, longest) = (level, path.Length);
            }
        }

        return verdict;
    }

    /// <summary>Adds <paramref name="root"/> as <c>TRUST_FOLDER</c> to a <c>trustedFolders.json</c>, keeping every other rule; true when it changed the file.</summary>
    public static bool Trust(string file, string root)
    {
        var rules = Read(file) ?? [];
        if (TrustLevel(rules, root) is "TRUST_FOLDER" or "TRUST_PARENT")
        {
            return false;
        }

        if (File.Exists(file) && Read(file) is null)
        {
            throw KosException.Input($"{file} is not a JSON object; kos did not change it. Fix it, or trust the folder in the agent itself.");
        }

        rules[Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))] = "TRUST_FOLDER";
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + ".kos-tmp";
        File.WriteAllText(temp, rules.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, file, overwrite: true);
        return true;
    }

    public static bool Truthy(string? value) => value is { Length: > 0 } v && v is not ("0" or "false" or "FALSE" or "False");
}
