using System.Text.Json.Nodes;
using KnowledgeOS.Capabilities;
using KnowledgeOS.Claims;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Redaction;
using KnowledgeOS.Registry;
using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Hooks;

/// <summary>
/// Every decision an agent's hook depends on, agent-independently: the write check and the
/// registry before a tool runs, reconciliation after it, the Stop gate, session start, and
/// session binding. Adapters (the CLI's <c>kos hook</c>, and any server) only translate an
/// agent's payload into an <see cref="AgentCall"/> and the <see cref="HookDecision"/> back.
/// </summary>
internal sealed partial class AgentHooks(Kernel kernel) : IAgentHooks
{
    public HookDecision PreTool(AgentCall c) => kernel.Store.Write(w =>
    {
        var use = c.Tool is null ? ToolUse.None : kernel.Registry.AsSpecialistDispatch(w, c.Agent, ToolUse.Classify(c.Tool, c.ToolInput));
        var task = Active(w, c);
        if (c.Session is not null && task?.Claim is { } claim && Leases.RenewalDue(claim, kernel.Clock.GetUtcNow()) && SessionBinding.ActsFor(w, c.Session, task))
        {
            // Activity of the session bound to the task keeps its claim alive; checked on the resolved task first, so most calls skip the claim scan.
            kernel.Claims.Touch(w, c.Session, task.Id);
        }

        var decision = DecideWrite(w, c, use, task);

        var registry = kernel.Registry.DecideCapability(w, use);
        var warning = registry.Warning;
        if (decision.Verdict is Verdict.Allow or Verdict.Warn)
        {
            (decision, warning) = ApplyRegistry(c, use, registry, decision, warning);
        }

        // Inside a subagent: a specialist may use only the tools it is declared to use.
        var specialist = c.SubagentType is { } acting ? kernel.Registry.FindSpecialist(w, acting) : null;
        if (specialist is not null && decision.Verdict is Verdict.Allow or Verdict.Warn
            && kernel.Registry.DecideSpecialistTool(w, c.Agent, c.SubagentType!, use.Tool) is { } restricted)
        {
            (decision, warning) = restricted.Refused
                ? (HookDecision.Deny(HookTexts.SpecialistDenied(use, c.SubagentType!, restricted)), warning)
                : (HookDecision.Warn($"kos (recorded warning): {restricted.Warning}"), restricted.Warning);
        }

        if (c.Session is not null && decision.Verdict is not Verdict.Deny)
        {
            Watch(w, c, use, task);
        }

        var outcome = decision.Verdict switch
        {
            Verdict.Deny => CapabilityOutcomes.Denied,
            Verdict.Warn => CapabilityOutcomes.Warned,
            Verdict.Ask => CapabilityOutcomes.Asked,
            _ => CapabilityOutcomes.Allowed,
        };
        // A refusal, ask or warning records what the agent was told; a plain allow records the registry's reason, as capability-event does.
        var reason = decision.Verdict is not Verdict.Allow ? decision.Text : registry.Verdict == CapabilityVerdict.NotGoverned ? null : registry.Reason;
        var record = kernel.Capabilities.Record(w, Use(c, use, task, outcome, registry, reason, warning) with { Specialist = specialist?.Key });
        return decision with { Marker = record.Marker };
    });

    /// <summary>
    /// What reconciliation needs to attribute changes when sessions share a tree: a call kos cannot watch
    /// write by write starts now (with the files it can write, when its command says so exactly), or a
    /// hook-checked write of these files is about to happen.
    /// </summary>
    private void Watch(ILedgerWriter w, AgentCall c, ToolUse use, TaskState? task)
    {
        if (use.Kind is "shell" or "subagent" or "mcp")
        {
            Reconciler.EnsureSnapshot(kernel, w, c.Session!);
            Attribution.BeginCall(kernel, w, c.Session!, task, use.Shell is { } sh ? ShellWrites.Exactly(sh, c.Cwd, kernel.Project.Root) : null);
        }
        else if (use.Writes && use.WritePaths.Count > 0)
        {
            Attribution.NoteWrites(kernel, w, c.Session!, task, RepoRelative(c, use.WritePaths), null);
        }
    }

    private IEnumerable<string> RepoRelative(AgentCall c, IEnumerable<string> paths) =>
        paths.Select(p => Path.GetRelativePath(kernel.Project.Root, Path.GetFullPath(p, c.Cwd)).Replace('\\', '/'))
            .Where(p => p != ".." && !p.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(p));

    /// <summary>The registry's word on a call the write check let through: deny refuses, ask asks (or falls back), unknown is recorded.</summary>
    private (HookDecision Decision, string? Warning) ApplyRegistry(AgentCall c, ToolUse use, CapabilityDecision registry, HookDecision decision, string? warning)
    {
        switch (registry.Verdict)
        {
            case CapabilityVerdict.Deny:
                return (HookDecision.Deny($"kos: {use.Capability} refused by the registry: {registry.Reason}. Use another capability, or ask the user to change the registry."), warning);
            case CapabilityVerdict.Ask when c.CanAsk:
                return (HookDecision.Ask($"kos: {use.Capability} needs the user's approval: {registry.Reason}."), warning);
            case CapabilityVerdict.Ask when kernel.Config.For(RegistryService.CapabilityGate) == Strictness.Strict:
                return (HookDecision.Deny($"kos: {use.Capability} needs the user's approval ({registry.Reason}), and {c.Agent} cannot ask the user from a hook; " +
                                          "strict mode refuses it. Ask the user to run it, or to change the registry policy ('kos registry set-policy … allow')."), warning);
            case CapabilityVerdict.Ask:
                var text = $"kos: {use.Capability} has registry policy ask ({registry.Reason}); {c.Agent} cannot ask the user from a hook, so it is allowed and recorded with this warning.";
                return (HookDecision.Warn(decision.Verdict == Verdict.Warn ? decision.Text + "; " + text : text), text);
            default:
                return (decision, warning);
        }
    }

    private HookDecision DecideWrite(ILedgerReader r, AgentCall c, ToolUse use, TaskState? task)
    {
        var level = kernel.Config.For("scope");
        if (level == Strictness.Off)
        {
            return HookDecision.Allow;
        }

        if (use.Problem is not null && level != Strictness.Advisory)
        {
            // A call kos cannot read is a call kos cannot check: refused, never allowed.
            return HookDecision.Deny($"kos: {use.Tool} refused: kos cannot tell what this call writes ({use.Problem}). Send the tool's usual input.");
        }

        if (use.Unknown && level == Strictness.Strict)
        {
            return HookDecision.Deny($"kos: {use.Tool} refused: strict mode allows only tools kos can check, and it does not know this one. " +
                                     "Use the agent's own Write/Edit or shell tools, or ask the user to lower the strictness.");
        }

        if (use.Shell is not null && ShellPolicy.Refusal(use.Shell, c.Cwd) is { } refusal)
        {
            return level == Strictness.Advisory ? HookDecision.Warn($"kos (advisory mode, allowed and recorded): {refusal}") : HookDecision.Deny(refusal);
        }

        var paths = use.Writes ? use.WritePaths : use.Shell is not null && level == Strictness.Strict ? ShellWrites.Targets(use.Shell) : [];
        if (paths.Count == 0)
        {
            return HookDecision.Allow;
        }

        var verdicts = kernel.Writes.Check(paths, task?.Id, c.Session, c.Cwd, record: false, reader: r).Paths;
        var denied = verdicts.Where(v => !v.Allowed).ToList();
        var advisory = verdicts.Where(v => v.Allowed && v.Reason.StartsWith("advisory: ", StringComparison.Ordinal)).ToList();
        if (denied.Count == 0)
        {
            return advisory.Count == 0
                ? HookDecision.Allow
                : HookDecision.Warn($"kos (advisory mode, allowed and recorded): {string.Join("; ", advisory.Select(a => a.Reason["advisory: ".Length..]))}");
        }

        return HookDecision.Deny(HookTexts.WriteDenied(use, denied, task, c.Session));
    }

    public HookDecision PostTool(AgentCall c, PostToolStart start) =>
        kernel.Store.Write(w => PostTool(w, c, start.Use, start.Observing));

    /// <summary>
    /// What a post-tool call can begin before the ledger is open: after a call whose writes hooks cannot see, reading
    /// the tree (<see cref="Reconciler.StartObserving"/>), the longest part of the hook on a big tree.
    /// </summary>
    public static PostToolStart BeginPostTool(KosProject project, TimeProvider clock, AgentCall c)
    {
        var use = c.Tool is null ? ToolUse.None : ToolUse.Classify(c.Tool, c.ToolInput);
        return new PostToolStart(use, Reconciles(c, use) ? Reconciler.StartObserving(project, clock) : null);
    }

    /// <summary>Whether the call's writes are found by reconciliation: shells, scripts, subagents, MCP servers, edits reported after the fact.</summary>
    private static bool Reconciles(AgentCall c, ToolUse use) =>
        c.Session is not null && (use.Kind is "shell" or "subagent" or "mcp" || use.Tool == "afterFileEdit");

    private HookDecision PostTool(ILedgerWriter w, AgentCall c, ToolUse use, Task<TreeObservation>? observing)
    {
        var task = Active(w, c);
        var rules = new List<string>();
        var response = Redactor.Tree(c.ToolResponse, rules);
        kernel.Append(w, EventCatalog.CapabilityResult, task?.Id, new CapabilityResult(use.Capability, c.Failed ? "failed" : "ok", use.Tool, c.SubagentId,
            response, rules.Count > 0 ? rules.Distinct().ToList() : null), c.Session);

        if (c.Session is not null && use.Writes && use.WritePaths.Count > 0 && use.Kind is not ("shell" or "subagent" or "mcp"))
        {
            // A checked write landed: its content is this session's, whatever other sessions' reconciliation sees.
            Attribution.NoteWrites(kernel, w, c.Session, task, RepoRelative(c, use.WritePaths), kernel.Project.Root);
        }

        // Writes the pre-tool check could not see: shells, scripts, subagents, MCP servers, edits reported after the fact
        // (judged at the strictness in force before the call: a call that switched scope checks off is still checked).
        if (observing is null)
        {
            return HookDecision.Allow;
        }

        var bad = Reconciler.Reconcile(kernel, w, c.Session!, task, use.Capability, observing);
        return bad.Count == 0 ? HookDecision.Allow : HookDecision.Block(HookTexts.Reconciled(use, bad, task));
    }

    /// <summary>The session's task, bound to the session on first sight. Subagent calls carry the parent's session id.</summary>
    private TaskState? Active(ILedgerWriter w, AgentCall c)
    {
        var task = SessionBinding.Resolve(kernel, w, c.Session, c.NamedTask, c.EnvSession);
        if (task is not null && c.Session is not null)
        {
            task = SessionBinding.Bind(kernel, w, c.Session, task, c.Agent);
        }

        return task is { Phase: Phase.Execute or Phase.Dispatch or Phase.Report } ? task : null;
    }

    private static CapabilityUse Use(AgentCall c, ToolUse use, TaskState? task, string outcome, CapabilityDecision registry, string? reason, string? warning)
    {
        var rules = new List<string>();
        var input = Redactor.Tree(c.ToolInput, rules);
        if (input is JsonObject o && use.WritePaths.Any(p => Path.GetFileName(p).StartsWith(".env", StringComparison.Ordinal)) && o["content"] is JsonValue v && v.TryGetValue(out string? content))
        {
            o["content"] = Redactor.RedactDotEnv(content);
        }

        var governed = registry.Verdict != CapabilityVerdict.NotGoverned;
        return new CapabilityUse(governed ? registry.Capability : use.Capability, CapabilityService.KindOf(use, registry), task?.Id, c.Session, outcome, c.Agent, use.Tool, c.SubagentId,
            task?.Requirements, registry.EntryKey, registry.Name, reason, input, c.HookEvent ?? c.Event, warning)
        { Orchestrator = registry.Orchestrator };
    }
}
