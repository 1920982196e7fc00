using KnowledgeOS.Redaction;

namespace KnowledgeOS.Registry.Catalog;

/// <summary>
/// The runtimes a catalog server can answer for, and how a specialist's catalog description becomes
/// what the registry keeps: dispatch names and tools per runtime, and hashes of its methodology.
/// </summary>
public static class Specialists
{
    /// <summary>The variable that selects the runtime a Maestro server answers for.</summary>
    public const string RuntimeVariable = "MAESTRO_RUNTIME";

    /// <summary>The runtimes read, in this order (the first one's tools are the entry's <c>tools</c>).</summary>
    public static readonly IReadOnlyList<string> Runtimes = ["claude", "codex", "gemini", "qwen"];

    /// <summary>Which runtime an agent's hooks speak for (kos adapter name → Maestro runtime).</summary>
    public static string? RuntimeOf(string agent) => agent switch
    {
        "claude" => "claude",
        "codex" => "codex",
        "gemini" => "gemini",
        "qwen" => "qwen",
        _ => null,
    };

    /// <summary>
    /// The specialist a Codex <c>spawn_agent</c> call starts: its <c>agent_type</c>, else the <c>Agent: NAME</c> header
    /// Maestro puts at the top of every delegation prompt, else Codex's default agent.
    /// </summary>
    public static string Spawned(string? agentType, string? message)
    {
        if (!string.IsNullOrWhiteSpace(agentType))
        {
            return agentType.Trim();
        }

        foreach (var line in (message ?? "").Split('\n').Take(20))
        {
            var t = line.Trim();
            if (t.StartsWith("Agent:", StringComparison.OrdinalIgnoreCase) && t[6..].Trim() is { Length: > 0 } name && !name.Any(char.IsWhiteSpace))
            {
                return name;
            }
        }

        return "default";
    }

    /// <summary>A runtime's dispatch name: its prefix (Claude's plugin namespace <c>maestro:</c>) and the tool_name, else the agent's name.</summary>
    public static string DispatchName(string prefix, string? toolName, string name) => prefix + (toolName ?? name);

    public static IReadOnlyList<SpecialistRuntime>? RuntimesOf(CatalogAgent agent) =>
        agent.Runtimes.Count == 0
            ? null
            : agent.Runtimes
                .OrderBy(r => Runtimes.IndexOf(r.Runtime) is var i and >= 0 ? i : int.MaxValue).ThenBy(r => r.Runtime, StringComparer.Ordinal)
                .Select(r => new SpecialistRuntime(r.Runtime, r.Dispatch, [.. r.Tools.Distinct(StringComparer.Ordinal)], Hash(r.Methodology)))
                .ToList();

    /// <summary>
    /// The methodology hash: of the one body a plain catalog gives, or over each runtime's body hash (the runtimes
    /// adapt the text; a change in any of them is a change of methodology). Null when the catalog gives no text.
    /// </summary>
    public static string? Methodology(CatalogAgent agent, IReadOnlyList<SpecialistRuntime>? runtimes)
    {
        if (runtimes is { Count: > 0 } && runtimes.Any(r => r.Methodology is not null))
        {
            return Redactor.Sha256(string.Concat(runtimes.Select(r => $"{r.Runtime}:{r.Methodology}\n")));
        }

        return Hash(agent.Methodology);
    }

    /// <summary>The entry's tools: the first runtime's declared tools (Claude Code's names), else what the catalog listed.</summary>
    public static IReadOnlyList<string> Tools(CatalogAgent agent, IReadOnlyList<SpecialistRuntime>? runtimes) =>
        runtimes is { Count: > 0 } ? runtimes[0].Tools : [.. agent.Tools.Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Whether a declared tool list covers a tool: by name (a declaration's own words after the name are
    /// ignored: <c>Bash(git:*)</c>, <c>exec_command (`rg`)</c>), a whole MCP server (<c>mcp__srv</c>), or <c>*</c>.
    /// The agents' shells are one tool under four names (Codex reports exec_command to hooks as Bash).
    /// </summary>
    public static bool Permits(IReadOnlyList<string> declared, string tool)
    {
        foreach (var raw in declared)
        {
            var name = BaseName(raw);
            if (name == "*" || name == tool || (Shells.Contains(name) && Shells.Contains(tool))
                || (name.StartsWith("mcp__", StringComparison.Ordinal) && tool.StartsWith(name + "__", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "Bash", "run_shell_command", "exec_command", "shell", "local_shell" };

    private static string BaseName(string declared)
    {
        var t = declared.Trim();
        var cut = t.IndexOfAny(['(', ' ']);
        return cut > 0 ? t[..cut] : t;
    }

    private static string? Hash(string? text) => string.IsNullOrEmpty(text) ? null : Redactor.Sha256(text.ReplaceLineEndings("\n"));

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
