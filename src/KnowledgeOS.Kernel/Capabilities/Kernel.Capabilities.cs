using System.Text.Json.Nodes;
using KnowledgeOS.Capabilities;
using KnowledgeOS.Ledger;

namespace KnowledgeOS;

public sealed partial class Kernel
{
    public const string CapabilityUsed = "capability.used";

    public const string CapabilityDenied = "capability.denied";

    /// <summary>The marker that quotes a capability event: <c>CAPABILITY_OK mcp:github/x T-… 41d2…</c>.</summary>
    public static string CapabilityMarker(string capability, string? task, LedgerEvent e) =>
        $"CAPABILITY_OK {capability} {task ?? "-"} {e.Hash[..12]}";

    /// <summary>Records a capability use in the caller's transaction; returns the event and its marker.</summary>
    public (LedgerEvent Event, string Marker) RecordCapability(ILedgerWriter w, CapabilityUse use)
    {
        var payload = new JsonObject
        {
            ["capability"] = use.Capability,
            ["kind"] = use.Kind,
            ["outcome"] = use.Outcome,
            ["agent"] = use.Agent,
            ["tool"] = use.Tool,
            ["hookEvent"] = use.Event,
            ["subagentId"] = use.SubagentId,
            ["requirements"] = use.Requirements is null ? null : Array(use.Requirements),
            ["entry"] = use.RegistryEntry,
            ["orchestrator"] = use.Orchestrator,
            ["specialist"] = use.Specialist,
            ["verdict"] = use.Policy,
            ["reason"] = use.Reason,
            ["input"] = use.Input?.DeepClone(),
        };
        // Same event types and field names as the registry's own records (capability.used / capability.denied, entry, verdict).
        var e = Append(w, use.Outcome == "denied" ? CapabilityDenied : CapabilityUsed, use.Task, payload, use.Session);
        return (e, CapabilityMarker(use.Capability, use.Task, e));
    }

    public (LedgerEvent Event, string Marker) RecordCapability(CapabilityUse use) => Store.Write(w => RecordCapability(w, use));
}
