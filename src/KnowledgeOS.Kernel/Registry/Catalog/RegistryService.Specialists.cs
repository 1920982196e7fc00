using KnowledgeOS.Capabilities;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Registry.Catalog;

namespace KnowledgeOS.Registry;

internal sealed partial class RegistryService
{
    /// <summary>
    /// The subagent entry an agent dispatched by <paramref name="dispatched"/>: the entry of that name, a plugin's
    /// namespaced form (<c>maestro:coder</c> → the <c>coder</c> linked to <c>orchestrator/maestro</c>), or the
    /// specialist whose dispatch name under some runtime it is (Gemini's <c>code_reviewer</c>).
    /// </summary>
    public RegistryEntry? FindSpecialist(ILedgerReader r, string dispatched)
    {
        if (Find(r, EntryKinds.Subagent, dispatched) is { } exact)
        {
            return exact;
        }

        if (dispatched.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
            && Find(r, EntryKinds.Subagent, dispatched[(colon + 1)..]) is { } agent
            && (agent.Orchestrator is null || agent.Orchestrator == RegistryKeys.Of(EntryKinds.Orchestrator, dispatched[..colon])))
        {
            return agent;
        }

        // Only a name no entry has gets here (rare): scanning the runtimes' dispatch names is then affordable.
        return Entries(r).FirstOrDefault(e => e.Kind == EntryKinds.Subagent && e.Runtimes is { } runtimes && runtimes.Any(x => x.Dispatch == dispatched));
    }

    /// <summary>
    /// Gemini CLI and Qwen Code dispatch a subagent by calling a tool named after it (<c>code_reviewer</c>): a tool call the
    /// classifier does not know becomes that specialist's dispatch when a specialist has that dispatch name for the runtime.
    /// </summary>
    public ToolUse AsSpecialistDispatch(ILedgerReader r, string agent, ToolUse use)
    {
        if (use.Registry is not null || use.Kind != "tool" || Specialists.RuntimeOf(agent) is not ("gemini" or "qwen") || use.Tool.Contains("__", StringComparison.Ordinal))
        {
            return use;
        }

        var runtime = Specialists.RuntimeOf(agent);
        var dispatched = Entries(r).Any(e => e.Kind == EntryKinds.Subagent && e.Runtimes is { } runtimes && runtimes.Any(x => x.Runtime == runtime && x.Dispatch == use.Tool));
        return dispatched
            ? new ToolUse($"{EntryKinds.Subagent}:{use.Tool}", EntryKinds.Subagent, use.Tool, [], null, new CapabilityRef(EntryKinds.Subagent, use.Tool, null))
            : use;
    }

    /// <summary>
    /// A tool call made inside a subagent (<paramref name="agentType"/>, as the agent's hook reports it) against the
    /// tools that subagent is declared to use under <paramref name="agent"/>'s runtime. Null when nothing restricts it
    /// (not a registry subagent, no declared tools, the tool is declared, checks off); otherwise a deny in strict mode
    /// and an allow with a warning below it.
    /// </summary>
    public CapabilityDecision? DecideSpecialistTool(ILedgerReader r, string agent, string agentType, string tool)
    {
        var strictness = kernel.Config.For(CapabilityGate);
        if (strictness == Strictness.Off || FindSpecialist(r, agentType) is not { } specialist)
        {
            return null;
        }

        var runtime = Specialists.RuntimeOf(agent);
        var declared = specialist.Runtimes?.FirstOrDefault(x => x.Runtime == runtime)?.Tools ?? specialist.Tools;
        if (declared.Count == 0 || Specialists.Permits(declared, tool))
        {
            return null;
        }

        var capability = $"subagent:{specialist.Name}/{tool}";
        var via = specialist.Orchestrator is { } o ? $" (a specialist of {o})" : "";
        var why = $"{specialist.Key}{via} is declared to use only {string.Join(", ", declared)}; {tool} is not one of them";
        return strictness == Strictness.Strict
            ? new CapabilityDecision(capability, CapabilityVerdict.Deny, why + "; strict mode denies a specialist's undeclared tools", specialist.Key)
            : new CapabilityDecision(capability, CapabilityVerdict.Allow, why, specialist.Key, $"{why} (allowed outside strict mode, recorded)");
    }
}
