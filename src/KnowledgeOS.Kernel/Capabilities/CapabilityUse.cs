using System.Text.Json.Nodes;
using KnowledgeOS.Events;

namespace KnowledgeOS.Capabilities;

/// <summary>What happened to a tool call: the one vocabulary of <c>outcome</c> in capability events.</summary>
public static class CapabilityOutcomes
{
    public const string Allowed = "allowed";
    /// <summary>Allowed, with a warning the model (and the ledger) sees: advisory mode, or an ask the agent cannot put to the user.</summary>
    public const string Warned = "warned";
    /// <summary>Handed to the user: the agent asks before it runs the tool (registry policy ask).</summary>
    public const string Asked = "asked";
    public const string Denied = "denied";
}

/// <summary>
/// One use of a capability by an agent, as the one record path (<see cref="ICapabilities.Record(Ledger.ILedgerWriter, CapabilityUse)"/>)
/// stores it: a hook's tool call and <c>kos capability-event</c> both land here, with the same fields.
/// <see cref="Verdict"/> is the registry's (allow, ask, deny, unknown, not-governed); <see cref="Input"/> must already be redacted.
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
    string? Verdict = null,
    string? Reason = null,
    JsonNode? Input = null,
    string? Event = null,
    string? Warning = null)
{
    /// <summary>The orchestrator the capability belongs to (a specialist's, or the orchestrator's own MCP tools).</summary>
    public string? Orchestrator { get; init; }

    /// <summary>The registry entry of the specialist (subagent) that made the call, when a subagent made it.</summary>
    public string? Specialist { get; init; }

    /// <summary>capability.denied for a refused call, capability.unknown for one the registry does not know, else capability.used.</summary>
    public EventType<CapabilityUsed> EventType => Outcome == CapabilityOutcomes.Denied ? EventCatalog.CapabilityDenied
        : Verdict == "unknown" ? EventCatalog.CapabilityUnknown
        : EventCatalog.CapabilityUsed;

    /// <summary>Only a call that ran without asking, and that the registry knows or does not govern, earns a CAPABILITY_OK marker.</summary>
    public bool EarnsMarker => EventType == EventCatalog.CapabilityUsed && Outcome is CapabilityOutcomes.Allowed or CapabilityOutcomes.Warned;
}

/// <summary>The kinds <c>kos capability-event --kind</c> accepts, and the prefix each gives a capability name.</summary>
public static class CapabilityKinds
{
    public static readonly IReadOnlyList<string> Names = ["tool", "mcp", "skill", "subagent", "shell", "script"];

    /// <summary><c>mcp</c> + <c>github/create_issue</c> → <c>mcp:github/create_issue</c>; a name already prefixed is kept.</summary>
    public static string Qualify(string kind, string name) =>
        name.StartsWith(kind + ":", StringComparison.Ordinal) ? name : $"{kind}:{name}";
}
