using KnowledgeOS.Ledger;
using KnowledgeOS.Registry;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>The registry entry a capability maps to and its verdict: allow, ask, deny, unknown or not-governed.</summary>
internal sealed record RegistryMatch(string? Entry, string Policy, string? Reason = null, string? Capability = null, string? Orchestrator = null)
{
    public bool Denied => Policy == "deny";
}

/// <summary>The adapters' one call site for the registry: <see cref="Kernel.DecideCapability(ILedgerReader, string, string?, string?)"/>.</summary>
internal static class RegistryPolicy
{
    public static RegistryMatch Lookup(Kernel kernel, ILedgerReader r, string toolName, string? subagentType, string? skill)
    {
        var d = kernel.DecideCapability(r, toolName, subagentType, skill);
        var verdict = d.Verdict == CapabilityVerdict.NotGoverned ? "not-governed" : d.Verdict.ToString().ToLowerInvariant();
        return new RegistryMatch(d.EntryKey, verdict, d.Reason, d.Verdict == CapabilityVerdict.NotGoverned ? null : d.Capability, d.Orchestrator);
    }
}
