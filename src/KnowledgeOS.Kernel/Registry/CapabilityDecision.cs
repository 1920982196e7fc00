using KnowledgeOS.Ledger;

namespace KnowledgeOS.Registry;

/// <summary>What the registry says about one tool use.</summary>
public enum CapabilityVerdict
{
    /// <summary>A registered capability whose policy allows it: answer CAPABILITY_OK.</summary>
    Allow,
    /// <summary>Registered with policy ask: let the agent ask the user.</summary>
    Ask,
    /// <summary>Refuse the tool use (policy deny, or unknown/missing in strict mode).</summary>
    Deny,
    /// <summary>Not in the registry (or its source is gone); allowed outside strict mode, recorded as unknown.</summary>
    Unknown,
    /// <summary>Not a capability the registry governs (Read, Write, Edit…: scope checks cover those).</summary>
    NotGoverned,
}

/// <summary>
/// The registry's answer for a tool use. <see cref="Capability"/> is the name markers quote
/// (<c>mcp:github/create_issue</c>, <c>subagent:reviewer</c>, <c>skill:pdf</c>, <c>shell:bash</c>,
/// <c>orchestrator:maestro/create_session</c>). <see cref="Orchestrator"/> is the orchestrator the entry belongs to
/// (a specialist's, or the orchestrator itself when its own MCP tools are called).
/// </summary>
public sealed record CapabilityDecision(
    string Capability,
    CapabilityVerdict Verdict,
    string Reason,
    string? EntryKey = null,
    string? Warning = null,
    string? Orchestrator = null)
{
    /// <summary>The hook must refuse the tool use.</summary>
    public bool Refused => Verdict == CapabilityVerdict.Deny;

    /// <summary>The verdict as events and JSON output spell it: allow, ask, deny, unknown, not-governed.</summary>
    public string Name => Verdict == CapabilityVerdict.NotGoverned ? "not-governed" : Verdict.ToString().ToLowerInvariant();
}

/// <summary>A capability event in the ledger, with the marker it earned (only an allowed or warned use earns one).</summary>
public sealed record CapabilityRecord(LedgerEvent Event, string? Marker);

/// <summary>The registry entry a tool use maps to, before any lookup.</summary>
public sealed record CapabilityRef(string Kind, string Name, string? Tool)
{
    /// <summary>The capability name markers and events use: <c>kind:name[/tool]</c>.</summary>
    public string Capability => Tool is null ? $"{Kind}:{Name}" : $"{Kind}:{Name}/{Tool}";
}
