using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeOS.Postflight;

/// <summary>A configured command that runs kos: where it is configured and the executable it names.</summary>
public sealed record KosInvocation(string Source, string Agent, string Command, string Executable);

/// <summary>
/// Finds the kos invocations in agent configuration (.claude/settings*.json, .mcp.json,
/// .codex/hooks.json, .gemini/settings.json) and git hooks, reading only what is there.
/// </summary>
public static partial class HookCommands
{
    private static readonly (string File, string Agent)[] JsonSources =
    [
        (".claude/settings.json", "claude"), (".claude/settings.local.json", "claude"), (".mcp.json", "claude"),
        (".codex/hooks.json", "codex"), (".gemini/settings.json", "gemini"),
    ];

    [GeneratedRegex(@"(?:^|[;&|(`\n]|\$\()\s*(?:(?:exec|command|env|nohup|time)\s+)*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(?<exe>(?:""[^""]*""|'[^']*'|[^\s;&|()`'""])+)")]
    private static partial Regex CommandPosition();

    /// <summary>Every kos invocation configured in the repository, and the config files that could not be read.</summary>
    public static (List<KosInvocation> Found, List<string> Unreadable) Find(string root, string gitDir)
    {
        var found = new List<KosInvocation>();
        var unreadable = new List<string>();
        foreach (var (file, agent) in JsonSources)
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                foreach (var command in Commands(doc.RootElement))
                {
                    found.AddRange(KosExecutables(command).Select(exe => new KosInvocation(file, agent, command, exe)));
                }
            }
            catch (JsonException e)
            {
                unreadable.Add($"{file} is not valid JSON ({e.Message})");
            }
        }

        var hooks = Path.Combine(gitDir, "hooks");
        if (Directory.Exists(hooks))
        {
            foreach (var hook in Directory.EnumerateFiles(hooks).Where(f => !f.EndsWith(".sample", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                foreach (var line in File.ReadAllText(hook).Split('\n').Where(l => !l.TrimStart().StartsWith('#')))
                {
                    found.AddRange(KosExecutables(line).Select(exe => new KosInvocation(".git/hooks/" + Path.GetFileName(hook), "git", line.Trim(), exe)));
                }
            }
        }

        return (found, unreadable);
    }

    /// <summary>Every "command" string (with its "args") anywhere in an agent's JSON config.</summary>
    private static IEnumerable<string> Commands(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String)
            {
                var args = e.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array
                    ? " " + string.Join(' ', a.EnumerateArray().Select(x => x.ToString()))
                    : "";
                yield return c.GetString()! + args;
            }

            foreach (var p in e.EnumerateObject())
            {
                foreach (var x in Commands(p.Value))
                {
                    yield return x;
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                foreach (var x in Commands(item))
                {
                    yield return x;
                }
            }
        }
    }

    /// <summary>The executables in command position whose name is kos.</summary>
    public static IEnumerable<string> KosExecutables(string command) =>
        CommandPosition().Matches(command)
            .Select(m => m.Groups["exe"].Value.Replace("\"", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal))
            .Where(exe => Path.GetFileName(exe) is "kos" or "kos.exe")
            .Distinct(StringComparer.Ordinal);
}
