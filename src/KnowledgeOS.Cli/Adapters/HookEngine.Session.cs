using System.Text.Json.Nodes;
using KnowledgeOS.Redaction;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters;

internal sealed partial class HookEngine
{
    private HookDecision SessionStart(Kernel kernel, HookEvent e)
    {
        // The pack is built (and its context.packed event recorded) in its own transaction first.
        var acting = SessionBinding.Resolve(kernel, kernel.Store, e.SessionId, ctx.Env);
        var pack = acting is { Phase: Phase.Execute or Phase.Dispatch or Phase.Report } ? ContextPackText.For(kernel, acting) : null;
        return kernel.Store.Write(w => Started(kernel, w, e, pack));
    }

    private HookDecision Started(Kernel kernel, Ledger.ILedgerWriter w, HookEvent e, string? pack)
    {
        var task = Active(kernel, w, e);
        string? cgroup = null;
        if (e.SessionId is not null)
        {
            Reconciler.EnsureSnapshot(w, kernel.Project.Root, e.SessionId);
            cgroup = e.Kind == HookKind.SessionStart ? Actors.AgentDetector.Mark(adapter.Name, e.SessionId) : null;
        }

        kernel.Append(w, e.Kind == HookKind.Compact ? "session.compacted" : "session.started", task?.Id, new JsonObject
        {
            ["agent"] = adapter.Name,
            ["source"] = e.Source ?? e.Str("trigger"),
            ["model"] = e.Str("model"),
            ["packInjected"] = pack is not null,
            ["packSha256"] = pack is null ? null : Redactor.Sha256(pack),
            ["cgroup"] = cgroup,
        }, e.SessionId);
        return pack is null
            ? HookDecision.Context("KnowledgeOS governs this repository, and no task is bound to this session: file writes are refused until a person " +
                                   "binds one ('kos agent claude --task T-…', or 'kos dispatch-task T-… --session SESSION_ID'). Asking for a quick task " +
                                   "(MCP tool task_create with quick=true and a scope) files an approval request that a person answers.")
            : HookDecision.Context(pack);
    }

    private HookDecision Stop(Kernel kernel, HookEvent e) => kernel.Store.Write(w =>
    {
        var task = Active(kernel, w, e);
        var problems = new List<string>();
        if (!e.StopHookActive)
        {
            var evidence = task is not null && e.Kind == HookKind.Stop ? EvidenceProbe.Problems(kernel, w, task) : [];
            if (task is { Phase: Phase.Execute or Phase.Report })
            {
                problems.AddRange(evidence);
            }

            problems.AddRange(ClaimCheck.Unbacked(kernel, e.LastMessage, task?.Id));
        }

        var block = problems.Count > 0 && kernel.Config.For("evidence") is not (Project.Strictness.Advisory or Project.Strictness.Off);
        var rules = new List<string>();
        kernel.Append(w, block ? "session.stop-blocked" : "session.stopped", task?.Id, new JsonObject
        {
            ["agent"] = adapter.Name,
            ["subagentId"] = e.SubagentId,
            ["stopHookActive"] = e.StopHookActive,
            ["problems"] = Kernel.Array(problems.Distinct()),
            ["lastMessage"] = Redactor.Tree(e.LastMessage is null ? null : JsonValue.Create(e.LastMessage), rules),
        }, e.SessionId);
        if (!block)
        {
            return problems.Count > 0 ? HookDecision.Warn(string.Join("; ", problems)) : HookDecision.Allow;
        }

        return HookDecision.Block(
            $"kos: do not stop yet{(task is null ? "" : $" — task {task.Id} (\"{task.Title}\") is in phase {task.Phase.Name()}")}: " +
            string.Join("; ", problems.Distinct()) + ". " +
            (task is null ? "" : $"Run 'kos eval-task {task.Id}' now (kos runs the evals itself and records the evidence), fix any failure, and only then report done.") +
            " Do not claim completion the evidence does not back.");
    });

    private HookDecision Prompt(Kernel kernel, HookEvent e) => kernel.Store.Write(w =>
    {
        var task = Active(kernel, w, e);
        if (e.SessionId is not null)
        {
            // Agents without a session-start event (Cursor) get their baseline here.
            Reconciler.EnsureSnapshot(w, kernel.Project.Root, e.SessionId);
        }

        var rules = new List<string>();
        kernel.Append(w, "prompt.submitted", task?.Id, new JsonObject
        {
            ["agent"] = adapter.Name,
            ["prompt"] = Redactor.Tree(e.Prompt is null ? null : JsonValue.Create(e.Prompt), rules),
            ["redacted"] = rules.Count > 0 ? Kernel.Array(rules.Distinct()) : null,
        }, e.SessionId);
        return HookDecision.Allow;
    });

    private HookDecision Other(Kernel kernel, HookEvent e) => kernel.Store.Write(w =>
    {
        var rules = new List<string>();
        kernel.Append(w, e.Kind == HookKind.SessionEnd ? "session.ended" : "hook.event", null, new JsonObject
        {
            ["agent"] = adapter.Name,
            ["event"] = e.EventName,
            ["payload"] = Redactor.Tree(e.Raw, rules),
        }, e.SessionId);
        return HookDecision.Allow;
    });
}
