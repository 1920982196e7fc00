using KnowledgeOS.Capabilities;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;

namespace KnowledgeOS.Registry;

internal sealed partial class RegistryService
{
    /// <summary>The gate name under which <c>[gates]</c> may override strictness for capabilities.</summary>
    public const string CapabilityGate = "capability";

    /// <summary>
    /// Decides a tool use against the registry and the strictness: allow → CAPABILITY_OK; deny → refuse;
    /// unknown (or whose source disappeared) → refused in strict mode, recorded as unknown otherwise.
    /// Reads one projection row: cheap enough for the hook path.
    /// </summary>
    public CapabilityDecision DecideCapability(string toolName, string? subagentType, string? skill) =>
        DecideCapability(kernel.Store, ToolUse.Classify(toolName, subagentType, skill));

    public CapabilityDecision DecideCapability(ILedgerReader r, ToolUse use)
    {
        if (use.Kind == EntryKinds.Script)
        {
            return new CapabilityDecision(use.Capability, CapabilityVerdict.Allow, "scripts are recorded, not governed by the registry");
        }

        if (use.Registry is not { } target)
        {
            return new CapabilityDecision(use.Capability, CapabilityVerdict.NotGoverned, $"{use.Tool} is not a registry capability");
        }

        var strictness = kernel.Config.For(CapabilityGate);
        var entry = Lookup(r, target);
        var capability = target.Capability;
        if (entry is { Kind: EntryKinds.Orchestrator } && target.Kind == EntryKinds.Mcp)
        {
            // An orchestrator's own MCP tools (Maestro's create_session, transition_phase…) are orchestrator capabilities.
            capability = new CapabilityRef(EntryKinds.Orchestrator, entry.Name, target.Tool).Capability;
        }

        var decision = Decide(target, entry, capability, strictness);
        return entry is null ? decision : decision with { Orchestrator = entry.Orchestrator ?? (entry.Kind == EntryKinds.Orchestrator ? entry.Key : null) };
    }

    private static CapabilityDecision Decide(CapabilityRef target, RegistryEntry? entry, string capability, Strictness strictness)
    {
        if (strictness == Strictness.Off)
        {
            return new CapabilityDecision(capability, CapabilityVerdict.Allow, "capability checks are off", entry?.Key);
        }

        if (entry is null || entry.Missing)
        {
            var why = entry is null
                ? $"{capability} is not in the registry (add it with 'kos registry sync' or 'kos registry add --kind {target.Kind} {target.Name}')"
                : $"{capability}: {entry.Key} is no longer declared in {entry.Source} (restore it, or 'kos registry add' it)";
            return strictness == Strictness.Strict
                ? new CapabilityDecision(capability, CapabilityVerdict.Deny, why + "; strict mode denies unknown capabilities", entry?.Key)
                : new CapabilityDecision(capability, CapabilityVerdict.Unknown, why, entry?.Key);
        }

        if (target.Tool is not null && entry.Probe is { Ok: true } probe && probe.Tools.Count > 0 && probe.Tools.All(t => t.Name != target.Tool))
        {
            var why = $"{entry.Key} did not list a tool {target.Tool} when probed at {probe.At}";
            if (strictness == Strictness.Strict)
            {
                return new CapabilityDecision(capability, CapabilityVerdict.Deny, why + "; strict mode denies unknown tools (re-run 'kos registry probe')", entry.Key);
            }
        }

        return entry.Policy switch
        {
            Policies.Deny when strictness == Strictness.Advisory => new CapabilityDecision(capability, CapabilityVerdict.Allow,
                $"{entry.Key} has policy deny (advisory mode: allowed, recorded)", entry.Key, $"{capability} would be denied: {entry.Key} has policy deny"),
            Policies.Deny => new CapabilityDecision(capability, CapabilityVerdict.Deny,
                $"{entry.Key} has policy deny (change it with 'kos registry set-policy {entry.Key} allow')", entry.Key),
            Policies.Ask => new CapabilityDecision(capability, CapabilityVerdict.Ask, $"{entry.Key} has policy ask", entry.Key),
            _ => new CapabilityDecision(capability, CapabilityVerdict.Allow, $"{entry.Key} is allowed", entry.Key),
        };
    }

    private RegistryEntry? Lookup(ILedgerReader r, CapabilityRef target)
    {
        if (target.Kind == EntryKinds.Subagent)
        {
            return FindSpecialist(r, target.Name);
        }

        if (Find(r, target.Kind, target.Name) is { } exact)
        {
            return exact;
        }

        if (target.Kind != EntryKinds.Mcp)
        {
            return null;
        }

        // An orchestrator is an MCP server too: mcp__maestro__create_session is orchestrator/maestro's.
        if (Find(r, EntryKinds.Orchestrator, target.Name) is { } orchestrator)
        {
            return orchestrator;
        }

        // Claude Code names plugin servers plugin_<plugin>_<server>; an orchestrator from a plugin is named after the plugin.
        return target.Name.StartsWith("plugin_", StringComparison.Ordinal)
            ? Entries(r).FirstOrDefault(e => e.Kind == EntryKinds.Mcp && target.Name.EndsWith("_" + e.Name, StringComparison.Ordinal))
              ?? Entries(r).FirstOrDefault(e => e.Kind == EntryKinds.Orchestrator && target.Name.StartsWith("plugin_" + e.Name + "_", StringComparison.Ordinal))
            : null;
    }
}
