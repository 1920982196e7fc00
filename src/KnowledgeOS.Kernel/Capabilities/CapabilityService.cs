using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Registry;

namespace KnowledgeOS.Capabilities;

/// <summary>The <see cref="ICapabilities"/> service, created once per kernel.</summary>
internal sealed class CapabilityService(Kernel kernel) : ICapabilities
{
    /// <summary>The marker that quotes a capability event: <c>CAPABILITY_OK mcp:github/x T-… 41d2…</c>.</summary>
    public static string Marker(string capability, string? task, LedgerEvent e) =>
        $"CAPABILITY_OK {capability} {task ?? "-"} {e.Hash[..12]}";

    /// <summary>The one record path for capability uses, in the caller's transaction; returns the event and the marker it earned.</summary>
    public CapabilityRecord Record(ILedgerWriter w, CapabilityUse use)
    {
        var payload = new CapabilityUsed
        {
            Capability = use.Capability,
            Kind = use.Kind,
            Outcome = use.Outcome,
            Agent = use.Agent,
            Tool = use.Tool,
            HookEvent = use.Event,
            SubagentId = use.SubagentId,
            Requirements = use.Requirements,
            Entry = use.RegistryEntry,
            Orchestrator = use.Orchestrator,
            Specialist = use.Specialist,
            Verdict = use.Verdict,
            Reason = use.Reason,
            Warning = use.Warning,
            Input = use.Input,
        };
        var e = kernel.Append(w, use.EventType, use.Task, payload, use.Session);
        return new CapabilityRecord(e, use.EarnsMarker ? Marker(use.Capability, use.Task, e) : null);
    }

    public CapabilityRecord Record(CapabilityUse use) => kernel.Store.Write(w => Record(w, use));

    /// <summary>
    /// Records a use the registry has decided outside a hook (<c>kos capability-event</c>, for agents without hooks):
    /// the same event and fields a hook writes. Nobody can be asked here, so ask is recorded as asked, without a marker.
    /// </summary>
    public CapabilityRecord Record(ToolUse use, CapabilityDecision decision, string? task, string? session)
    {
        var outcome = decision.Verdict switch
        {
            CapabilityVerdict.Deny => CapabilityOutcomes.Denied,
            CapabilityVerdict.Ask => CapabilityOutcomes.Asked,
            _ when decision.Warning is not null => CapabilityOutcomes.Warned,
            _ => CapabilityOutcomes.Allowed,
        };
        var input = use.Registry is { Kind: "subagent" or "skill" } r ? new JsonObject { [r.Kind == "skill" ? "skill" : "subagent_type"] = r.Name } : null;
        return Record(new CapabilityUse(decision.Capability, KindOf(use, decision), task, session, outcome, Tool: use.Tool,
            RegistryEntry: decision.EntryKey, Verdict: decision.Name, Reason: decision.Reason, Input: input, Event: "capability-event", Warning: decision.Warning)
        { Orchestrator = decision.Orchestrator });
    }

    /// <summary>An orchestrator's own MCP tools are recorded as kind orchestrator; everything else keeps its classifier kind.</summary>
    public static string KindOf(ToolUse use, CapabilityDecision decision) =>
        decision.Capability.StartsWith(EntryKinds.Orchestrator + ":", StringComparison.Ordinal) ? EntryKinds.Orchestrator : use.Kind;
}
