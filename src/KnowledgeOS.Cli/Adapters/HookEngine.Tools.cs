using System.Text.Json.Nodes;
using KnowledgeOS.Capabilities;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Redaction;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters;

internal sealed partial class HookEngine
{
    private HookDecision PreTool(Kernel kernel, HookEvent e, string cwd) => kernel.Store.Write(w =>
    {
        var use = ToolUse.From(e) ?? new ToolUse("tool:unknown", "tool", "unknown", [], null);
        Mark("tx");
        var task = Active(kernel, w, e);
        Mark("active");
        if (e.SessionId is not null && task?.Claim is { } claim && claim.Session == e.SessionId && Claims.Leases.RenewalDue(claim, kernel.Clock.GetUtcNow()))
        {
            // Activity keeps the claim alive; checked on the resolved task first, so most calls skip the claim scan.
            kernel.Touch(w, e.SessionId);
        }

        Mark("touched");
        var decision = DecideTool(kernel, w, e, use, task, cwd);
        if (use.Shell is not null && e.SessionId is not null)
        {
            Reconciler.EnsureSnapshot(w, kernel.Project.Root, e.SessionId);
        }

        Mark("scope");
        var registry = RegistryPolicy.Lookup(kernel, w, use.Tool, e.Input("subagent_type"), e.Input("skill") ?? e.Input("name"));
        if (decision.Verdict is Verdict.Allow or Verdict.Warn && registry.Denied)
        {
            decision = HookDecision.Deny($"kos: {use.Capability} refused by the registry: {registry.Reason}. Use another capability, or ask the user to change the registry.");
        }

        Mark("registry");
        var outcome = decision.Verdict switch { Verdict.Deny => "denied", Verdict.Warn => "warned", _ => "allowed" };
        var (_, marker) = kernel.RecordCapability(w, Use(e, use, task, outcome, registry, decision.Verdict is Verdict.Deny or Verdict.Warn ? decision.Text : null));
        Mark("recorded");
        return decision with { Marker = outcome == "denied" ? null : marker };
    });

    private HookDecision DecideTool(Kernel kernel, ILedgerWriter w, HookEvent e, ToolUse use, TaskState? task, string cwd)
    {
        var level = kernel.Config.For("scope");
        if (level == Strictness.Off)
        {
            return HookDecision.Allow;
        }

        if (use.Shell is not null && ShellPolicy.Refusal(use.Shell, cwd) is { } refusal)
        {
            return level == Strictness.Advisory ? HookDecision.Warn($"kos (advisory mode, allowed and recorded): {refusal}") : HookDecision.Deny(refusal);
        }

        var paths = use.Writes ? use.WritePaths : use.Shell is not null && level == Strictness.Strict ? ShellWrites.Targets(use.Shell) : [];
        if (paths.Count == 0)
        {
            return HookDecision.Allow;
        }

        var verdicts = ScopeGuard.Check(kernel, task, e.SessionId, paths, cwd);
        var denied = verdicts.Where(v => !v.Allowed).ToList();
        var advisory = verdicts.Where(v => v.Advisory).ToList();
        if (denied.Count == 0)
        {
            return advisory.Count == 0
                ? HookDecision.Allow
                : HookDecision.Warn($"kos (advisory mode, allowed and recorded): {string.Join("; ", advisory.Select(a => a.Why["advisory: ".Length..]))}");
        }

        var what = use.Shell is not null ? $"this {use.Tool} command writes" : $"{use.Tool} to";
        string reason;
        if (denied.All(d => d.Code == Scopes.WriteCodes.NoTask))
        {
            reason = $"kos: {what} {Names(denied)} refused: this session ({e.SessionId ?? "unknown"}) has no active task. " +
                     "A person binds a task to it ('kos agent AGENT --task T-…' or 'kos dispatch-task T-… --session SESSION'); for a small fix, " +
                     "ask for a quick task ('kos create-task \"TITLE\" --quick --scope GLOB --session SESSION', or the MCP tool task_create with " +
                     "quick=true): that files an approval request a person answers. Then retry.";
        }
        else
        {
            var protectedOnes = denied.Where(d => d.Code == Scopes.WriteCodes.Protected).ToList();
            reason = $"kos: {what} {Names(denied)} refused: {string.Join("; ", denied.Select(d => d.Why))}. " +
                     (task is null ? "" : $"Task {task.Id} (\"{task.Title}\") may write only {string.Join(", ", task.Scope)}. ") +
                     (protectedOnes.Count > 0 ? "Protected paths are never writable by agents. " : "") +
                     "Keep your changes inside the scope; if this file really must change, stop and ask the user to re-route the task " +
                     $"('kos route-task {task?.Id ?? "T-…"} --scope …') or to create a separate task for it.";
        }

        return HookDecision.Deny(reason);
    }

    private HookDecision PostTool(Kernel kernel, HookEvent e, string cwd) => kernel.Store.Write(w =>
    {
        var use = ToolUse.From(e) ?? new ToolUse("tool:unknown", "tool", "unknown", [], null);
        var task = Active(kernel, w, e);
        var failed = e.Raw["error"] is not null || Adapters.Normal(e.EventName) == "posttoolusefailure";
        var rules = new List<string>();
        kernel.Append(w, "capability.result", task?.Id, new JsonObject
        {
            ["capability"] = use.Capability,
            ["outcome"] = failed ? "failed" : "ok",
            ["tool"] = use.Tool,
            ["subagentId"] = e.SubagentId,
            ["response"] = Redactor.Tree(e.ToolResponse ?? e.Raw["error"], rules),
            ["redacted"] = rules.Count > 0 ? Kernel.Array(rules.Distinct()) : null,
        }, e.SessionId);

        // Writes the pre-tool check could not see: shells, scripts, subagents, MCP servers, edits reported after the fact.
        if (e.SessionId is null || use.Kind is not ("shell" or "subagent" or "mcp") && use.Tool != "afterFileEdit" || kernel.Config.For("scope") == Strictness.Off)
        {
            return HookDecision.Allow;
        }

        var bad = Reconciler.Reconcile(kernel, w, e.SessionId, task, use.Capability);
        return bad.Count == 0
            ? HookDecision.Allow
            : HookDecision.Block(
                $"kos: {use.Capability} changed {Names(bad)} outside the write scope{(task is null ? " (no active task)" : $" of {task.Id} ({string.Join(", ", task.Scope)})")}. " +
                "This is recorded as a scope violation and blocks completing the task until it is undone: revert those files " +
                "(git checkout -- FILE, or delete a new file) or ask the user to re-route the task.");
    });

    /// <summary>The session's task, bound to the session on first sight. Subagent calls carry the parent's session id.</summary>
    private TaskState? Active(Kernel kernel, ILedgerWriter w, HookEvent e)
    {
        var task = SessionBinding.Resolve(kernel, w, e.SessionId, ctx.Env);
        if (task is not null && e.SessionId is not null)
        {
            SessionBinding.Bind(kernel, w, e.SessionId, task, adapter.Name);
        }

        return task is { Phase: Phase.Execute or Phase.Dispatch or Phase.Report } ? task : null;
    }

    private CapabilityUse Use(HookEvent e, ToolUse use, TaskState? task, string outcome, RegistryMatch registry, string? reason)
    {
        var rules = new List<string>();
        var input = Redactor.Tree(e.ToolInput, rules);
        if (input is JsonObject o && use.WritePaths.Any(p => Path.GetFileName(p).StartsWith(".env", StringComparison.Ordinal)) && o["content"] is JsonValue v && v.TryGetValue(out string? content))
        {
            o["content"] = Redactor.RedactDotEnv(content);
        }

        return new CapabilityUse(use.Capability, use.Kind, task?.Id, e.SessionId, outcome, adapter.Name, use.Tool, e.SubagentId,
            task?.Requirements, registry.Entry, registry.Policy, reason, input, e.Str("hook_event_name") ?? e.EventName);
    }

    private static string Names(IEnumerable<PathVerdict> paths) => string.Join(", ", paths.Select(p => p.Relative.StartsWith("..", StringComparison.Ordinal) ? p.Path : p.Relative));
}
