using System.Text.Json.Nodes;
using KnowledgeOS.Claims;
using KnowledgeOS.Context;
using KnowledgeOS.Events;
using KnowledgeOS.Project;
using KnowledgeOS.Redaction;
using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Hooks;

internal sealed partial class AgentHooks
{
    /// <summary>Injected context fits the agents' 10,000-character cap on hook output.</summary>
    public const int PackBudget = 2000;

    /// <summary>Session start (and after compaction, so the intent survives): the task's context pack, or how to get a task.</summary>
    public HookDecision SessionStart(AgentCall c, bool compacted)
    {
        // The pack is built (and its context.packed event recorded) in its own transaction first.
        var acting = SessionBinding.Resolve(kernel, kernel.Store, c.Session, c.NamedTask, c.EnvSession);
        var pack = acting is { Phase: Phase.Execute or Phase.Dispatch or Phase.Report }
            ? kernel.Context.Build(acting.Id, PackBudget, PackFormat.Markdown).Text + HookTexts.FinishHint(acting.Id, c.Fenced)
            : null;
        return kernel.Store.Write(w =>
        {
            var task = Active(w, c);
            string? cgroup = null;
            if (c.Session is not null)
            {
                Reconciler.EnsureSnapshot(kernel, w, c.Session);

                // Everything the agent starts from now on inherits its cgroup, however it hides its environment or parent.
                cgroup = compacted ? null : Actors.AgentDetector.Mark(c.Agent, c.Session);
            }

            kernel.Append(w, compacted ? EventCatalog.SessionCompacted : EventCatalog.SessionStarted, task?.Id,
                new SessionStarted(c.Agent, c.Source, c.Model, pack is not null, pack is null ? null : Redactor.Sha256(pack), cgroup), c.Session);
            return HookDecision.Context(pack ?? HookTexts.NoTaskAtStart(c.Session));
        });
    }

    /// <summary>The Stop gate (<see cref="StopGate"/>), recorded; blocks unless evidence strictness is advisory or off.</summary>
    public HookDecision Stop(AgentCall c, bool subagent) => kernel.Store.Write(w =>
    {
        var task = Active(w, c);
        var problems = c.StopHookActive ? [] : StopGate.Problems(kernel, w, task, c.LastMessage, subagent);
        var block = problems.Count > 0 && kernel.Config.For("evidence") is not (Strictness.Advisory or Strictness.Off);
        var rules = new List<string>();
        kernel.Append(w, block ? EventCatalog.SessionStopBlocked : EventCatalog.SessionStopped, task?.Id, new SessionStopped(c.Agent, c.SubagentId, c.StopHookActive,
            problems, Redactor.Tree(c.LastMessage is null ? null : JsonValue.Create(c.LastMessage), rules)), c.Session);
        return block ? HookDecision.Block(HookTexts.StopBlocked(task, problems, c.Fenced))
            : problems.Count > 0 ? HookDecision.Warn(string.Join("; ", problems))
            : HookDecision.Allow;
    });

    public HookDecision Prompt(AgentCall c) => kernel.Store.Write(w =>
    {
        var task = Active(w, c);
        if (c.Session is not null)
        {
            // Agents without a session-start event (Cursor) get their baseline here.
            Reconciler.EnsureSnapshot(kernel, w, c.Session);
        }

        var rules = new List<string>();
        var prompt = Redactor.Tree(c.Prompt is null ? null : JsonValue.Create(c.Prompt), rules);
        kernel.Append(w, EventCatalog.PromptSubmitted, task?.Id, new PromptSubmitted(c.Agent, prompt, rules.Count > 0 ? rules.Distinct().ToList() : null), c.Session);
        return HookDecision.Allow;
    });

    /// <summary>An event kos only records (session end, notifications…), its payload redacted.</summary>
    public HookDecision Record(AgentCall c, bool sessionEnded) => kernel.Store.Write(w =>
    {
        var rules = new List<string>();
        kernel.Append(w, sessionEnded ? EventCatalog.SessionEnded : EventCatalog.HookEvent, null, new HookRecorded(c.Agent, c.Event, Redactor.Tree(c.Payload, rules)), c.Session);
        return HookDecision.Allow;
    });

    /// <summary>A payload kos cannot read: recorded as a digest and a redacted, bounded excerpt.</summary>
    public void Malformed(string agent, string eventName, string error, string input) => kernel.Store.Write(w =>
        kernel.Append(w, EventCatalog.HookMalformed, null, new HookMalformed(agent, eventName, error, Redactor.Bounded(input, out _))));
}
