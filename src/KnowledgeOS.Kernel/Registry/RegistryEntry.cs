using System.Text.Json.Serialization;

namespace KnowledgeOS.Registry;

/// <summary>
/// One capability an agent can reach: an MCP server, skill, subagent, orchestrator, script or shell.
/// Structured data only — never prompt text. Keyed by <c>kind/name</c>.
/// </summary>
public sealed record RegistryEntry
{
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>How the entry got here: sync, manual, catalog or builtin.</summary>
    public required string Origin { get; init; }
    /// <summary>Repository-relative file that declares it (null for manual and builtin entries).</summary>
    public string? Source { get; init; }
    public int? Line { get; init; }
    /// <summary>Other files that declare the same name (the first declaration wins).</summary>
    public IReadOnlyList<string> AlsoIn { get; init; } = [];
    /// <summary>stdio, http or sse, for MCP servers.</summary>
    public string? Transport { get; init; }
    public string? Command { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    public string? Url { get; init; }
    /// <summary>Names of environment variables the server is given; values are never stored (they hold secrets).</summary>
    public IReadOnlyList<string> EnvKeys { get; init; } = [];
    /// <summary>Tools the declaration names (a subagent's tools, a skill's allowed-tools).</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];
    public string Policy { get; init; } = Policies.Allow;
    /// <summary>Write scope (globs) the capability may touch; empty = the task's scope.</summary>
    public IReadOnlyList<string> Scope { get; init; } = [];
    /// <summary>Key of the orchestrator whose catalog lists this specialist.</summary>
    public string? Orchestrator { get; init; }
    /// <summary>How each agent runtime dispatches this specialist, with the tools it is declared to use there.</summary>
    public IReadOnlyList<SpecialistRuntime>? Runtimes { get; init; }
    /// <summary>SHA-256 of the specialist's methodology (its prompt body; the text itself is never stored).</summary>
    public string? Methodology { get; init; }
    /// <summary>Starts at 1; a changed methodology is a new version.</summary>
    public int? Version { get; init; }
    /// <summary>Every methodology this specialist has had, oldest first.</summary>
    public IReadOnlyList<EntryVersion>? Versions { get; init; }
    /// <summary>The declaring source is gone; kept so history still resolves.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Missing { get; init; }
    public ProbeResult? Probe { get; init; }

    [JsonIgnore]
    public string Key => RegistryKeys.Of(Kind, Name);

    [JsonIgnore]
    public string Where => Source is null ? Origin : Line is { } l ? $"{Source}:{l}" : Source;
}

/// <summary>
/// A specialist as one runtime sees it: <see cref="Dispatch"/> is the name its agent dispatches it by
/// (Claude Code <c>maestro:coder</c>, Codex <c>coder</c>, Gemini <c>code_reviewer</c>) and
/// <see cref="Tools"/> the tools it is declared to use under that runtime's names.
/// </summary>
public sealed record SpecialistRuntime(string Runtime, string Dispatch, IReadOnlyList<string> Tools, string? Methodology = null);

/// <summary>One methodology a specialist had, from the catalog import that first saw it.</summary>
public sealed record EntryVersion(int Version, string Methodology, string At);

/// <summary>What <c>kos registry probe</c> found when it asked a server for its tools.</summary>
public sealed record ProbeResult(
    string At,
    bool Ok,
    IReadOnlyList<ProbedTool> Tools,
    int SchemaTokens,
    string? Server = null,
    string? Error = null,
    string? Stderr = null);

/// <summary>One tool a server listed, with its approximate context cost.</summary>
public sealed record ProbedTool(string Name, string? Description, int Tokens);

public static class EntryKinds
{
    public const string Mcp = "mcp";
    public const string Skill = "skill";
    public const string Subagent = "subagent";
    public const string Orchestrator = "orchestrator";
    public const string Script = "script";
    public const string Shell = "shell";

    public static readonly IReadOnlyList<string> All = [Mcp, Skill, Subagent, Orchestrator, Script, Shell];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}

public static class Policies
{
    public const string Allow = "allow";
    public const string Ask = "ask";
    public const string Deny = "deny";

    public static bool IsKnown(string policy) => policy is Allow or Ask or Deny;
}

public static class EntryOrigins
{
    public const string Sync = "sync";
    public const string Manual = "manual";
    public const string Catalog = "catalog";
    public const string Builtin = "builtin";
}

public static class RegistryKeys
{
    /// <summary>The projection kind the entries are stored under.</summary>
    public const string RecordKind = "registry";

    public static string Of(string kind, string name) => kind + "/" + name;
}
