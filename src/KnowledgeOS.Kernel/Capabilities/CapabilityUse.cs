using System.Text.Json.Nodes;

namespace KnowledgeOS.Capabilities;

/// <summary>
/// One use of a capability by an agent: a built-in tool (<c>tool:Write</c>), a shell
/// (<c>shell:bash</c>), an MCP tool (<c>mcp:server/tool</c>), a subagent (<c>subagent:NAME</c>),
/// a skill (<c>skill:NAME</c>) or a script. <see cref="Input"/> must already be redacted.
/// </summary>
public sealed record CapabilityUse(
    string Capability,
    string Kind,
    string? Task,
    string? Session,
    string Outcome,
    string? Agent = null,
    string? Tool = null,
    string? SubagentId = null,
    IReadOnlyList<string>? Requirements = null,
    string? RegistryEntry = null,
    string? Policy = null,
    string? Reason = null,
    JsonNode? Input = null,
    string? Event = null)
{
    /// <summary>The orchestrator the capability belongs to (a specialist's, or the orchestrator's own MCP tools).</summary>
    public string? Orchestrator { get; init; }

    /// <summary>The registry entry of the specialist (subagent) that made the call, when a subagent made it.</summary>
    public string? Specialist { get; init; }
}

/// <summary>The kinds <c>kos capability-event --kind</c> accepts, and the prefix each gives a capability name.</summary>
public static class CapabilityKinds
{
    public static readonly IReadOnlyList<string> Names = ["tool", "mcp", "skill", "subagent", "shell", "script"];

    /// <summary><c>mcp</c> + <c>github/create_issue</c> → <c>mcp:github/create_issue</c>; a name already prefixed is kept.</summary>
    public static string Qualify(string kind, string name) =>
        name.StartsWith(kind + ":", StringComparison.Ordinal) ? name : $"{kind}:{name}";
}
