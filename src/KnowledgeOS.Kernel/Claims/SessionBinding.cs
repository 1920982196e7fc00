using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Claims;

/// <summary>
/// Which task an agent session works on: a binding recorded earlier for this agent session id,
/// else the kernel's own answer (<see cref="Kernel.ResolveActing"/>: <c>KOS_TASK</c>, the task
/// whose claim the session holds, the worktree's bound task), else the task claimed by
/// <c>KOS_SESSION</c> in the agent's environment. A match is then bound to the agent's own
/// session id, so later events (and subagents, which carry the parent's id) resolve directly.
/// </summary>
public static class SessionBinding
{
    public const string RecordKind = "session-binding";

    public static TaskState? Resolve(Kernel kernel, ILedgerReader r, string? session, string? namedTask, string? envSession)
    {
        if (session is not null && r.GetRecord(RecordKind, session) is { } bound && kernel.FindTask(r, TaskOf(bound)) is { } t)
        {
            return t;
        }

        if (kernel.ResolveActing(r, namedTask is { Length: > 0 } ? namedTask : null, session).Task is { } acting)
        {
            return acting;
        }

        return envSession is { Length: > 0 } s && s != session ? kernel.ResolveActing(r, null, s).Task : null;
    }

    /// <summary>Remembers that <paramref name="session"/> works on <paramref name="task"/>, once.</summary>
    public static void Bind(Kernel kernel, ILedgerWriter w, string session, TaskState task, string agent)
    {
        var tree = kernel.Project.Root;
        if (w.GetRecord(RecordKind, session) is { } existing && TaskOf(existing) == task.Id && JsonNode.Parse(existing)?["tree"]?.GetValue<string>() == tree)
        {
            return;
        }

        var at = kernel.Now();
        // The tree the session works in: completion and evidence read it from any other tree (TaskTrees).
        var value = new JsonObject { ["task"] = task.Id, ["agent"] = agent, ["at"] = at, ["tree"] = tree };
        kernel.Append(w, EventCatalog.SessionBound, task.Id, new SessionBound(task.Id, agent, at, WorktreeBinding.NameOf(kernel.Project)), session);
        w.PutRecord(RecordKind, session, task.Id, value.ToJsonString());
    }

    private static string TaskOf(string json) => JsonNode.Parse(json)?["task"]?.GetValue<string>() ?? "";
}
