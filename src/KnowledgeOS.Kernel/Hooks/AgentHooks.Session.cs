using System.Text.Json.Nodes;
using KnowledgeOS.Claims;
using KnowledgeOS.Context;
using KnowledgeOS.Project;
using KnowledgeOS.Redaction;
using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Hooks;

public sealed partial class AgentHooks
{
    /// <summary>Injected context fits the agents' 10,000-character cap on hook output.</summary>
    public const int PackBudget = 2000;

    /// <summary>Session start (and after compaction, so the intent survives): the task's context pack, or how to get a task.</summary>
    public HookDecision SessionStart(AgentCall c, bool compacted)
    {
        // The pack is built (and its context.packed event recorded) in its own transaction first.
        var acting = SessionBinding.Resolve(kernel, kernel.Store, c.Session, c.NamedTask, c.EnvSession);
        var pack = acting is { Phase: Phase.Execute or Phase.Dispatch or Phase.Report }
            ? kernel.BuildContextPack(acting.Id, PackBudget, PackFormat.Markdown).Text + HookTexts.FinishHint(acting.Id)
            : null;
        return kernel.Store.Write(w =>
        {
            var task = Active(w, c);
            string? cgroup = null;
            if (c.Session is not null)
            {
                Reconciler.EnsureSnapshot(w, kernel.Project.Root, c.Session);

                // Everything the agent starts from now on inherits its cgroup, however it hides its environment or parent.
                cgroup = compacted ? null : Actors.AgentDetector.Mark(c.Agent, c.Session);
            }

            kernel.Append(w, compacted ? "session.compacted" : "session.started", task?.Id, new JsonObject
            {
                ["agent"] = c.Agent,
                ["source"] = c.Source,
                ["model"] = c.Model,
                ["packInjected"] = pack is not null,
                ["packSha256"] = pack is null ? null : Redactor.Sha256(pack),
                ["cgroup"] = cgroup,
            }, c.Session);
            return HookDecision.Context(pack ?? HookTexts.NoTaskAtStart);
        });
    }

    /// <summary>The Stop gate (<see cref="StopGate"/>), recorded; blocks unless evidence strictness is advisory or off.</summary>
    public HookDecision Stop(AgentCall c, bool subagent) => kernel.Store.Write(w =>
    {
        var task = Active(w, c);
        var problems = c.StopHookActive ? [] : StopGate.Problems(kernel, w, task, c.LastMessage, subagent);
        var block = problems.Count > 0 && kernel.Config.For("evidence") is not (Strictness.Advisory or Strictness.Off);
        var rules = new List<string>();
        kernel.Append(w, block ? "session.stop-blocked" : "session.stopped", task?.Id, new JsonObject
        {
            ["agent"] = c.Agent,
            ["subagentId"] = c.SubagentId,
            ["stopHookActive"] = c.StopHookActive,
            ["problems"] = Kernel.Array(problems),
            ["lastMessage"] = Redactor.Tree(c.LastMessage is null ? null : JsonValue.Create(c.LastMessage), rules),
        }, c.Session);
        return block ? HookDecision.Block(HookTexts.StopBlocked(task, problems))
            : problems.Count > 0 ? HookDecision.Warn(string.Join("; ", problems))
            : HookDecision.Allow;
    });

    public HookDecision Prompt(AgentCall c) => kernel.Store.Write(w =>
    {
        var task = Active(w, c);
        if (c.Session is not null)
        {
            // Agents without a session-start event (Cursor) get their baseline here.
            Reconciler.EnsureSnapshot(w, kernel.Project.Root, c.Session);
        }

        var rules = new List<string>();
        kernel.Append(w, "prompt.submitted", task?.Id, new JsonObject
        {
            ["agent"] = c.Agent,
            ["prompt"] = Redactor.Tree(c.Prompt is null ? null : JsonValue.Create(c.Prompt), rules),
            ["redacted"] = rules.Count > 0 ? Kernel.Array(rules.Distinct()) : null,
        }, c.Session);
        return HookDecision.Allow;
    });

    /// <summary>An event kos only records (session end, notifications…), its payload redacted.</summary>
    public HookDecision Record(AgentCall c, bool sessionEnded) => kernel.Store.Write(w =>
    {
        var rules = new List<string>();
        kernel.Append(w, sessionEnded ? "session.ended" : "hook.event", null, new JsonObject
        {
            ["agent"] = c.Agent,
            ["event"] = c.Event,
            ["payload"] = Redactor.Tree(c.Payload, rules),
        }, c.Session);
        return HookDecision.Allow;
    });

    /// <summary>A payload kos cannot read: recorded as a digest and a redacted, bounded excerpt.</summary>
    public void Malformed(string agent, string eventName, string error, string input) => kernel.Store.Write(w => kernel.Append(w, "hook.malformed", null, new JsonObject
    {
        ["agent"] = agent,
        ["event"] = eventName,
        ["error"] = error,
        ["payload"] = Redactor.Bounded(input, out _),
    }));
}
