using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Claims;

/// <summary>
/// Which task an agent session works on: a binding recorded earlier for this agent session id,
/// else the kernel's own answer (<see cref="Scopes.IWriteChecks.ResolveActing"/>: <c>KOS_TASK</c>, the task
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

        if (kernel.Writes.ResolveActing(r, namedTask is { Length: > 0 } ? namedTask : null, session).Task is { } acting)
        {
            return acting;
        }

        return envSession is { Length: > 0 } s && s != session ? kernel.Writes.ResolveActing(r, null, s).Task : null;
    }

    /// <summary>
    /// Remembers that <paramref name="session"/> works on <paramref name="task"/>, once (again when it
    /// moves to another tree). On that first sight the task's live claim, if a name that never acted
    /// through a hook holds it (the session given to <c>kos dispatch-task</c>), is handed over to the
    /// agent's own session (<see cref="IClaims.HandOver"/>), so the agent's activity keeps it alive.
    /// </summary>
    public static TaskState Bind(Kernel kernel, ILedgerWriter w, string session, TaskState task, string agent)
    {
        var tree = kernel.Project.Root;
        var existing = w.GetRecord(RecordKind, session) is { } json ? JsonNode.Parse(json) : null;
        var same = existing?["task"]?.GetValue<string>() == task.Id;
        if (same && existing!["tree"]?.GetValue<string>() == tree)
        {
            return task;
        }

        if (!same && task.Claim is { } claim && claim.Session != session && w.GetRecord(RecordKind, claim.Session) is null)
        {
            task = kernel.Claims.HandOver(w, task, session, agent);
        }

        var at = kernel.Now();
        // The tree the session works in: completion and evidence read it from any other tree (TaskTrees);
        // the holder it acts for: its activity renews that claim (ActsFor).
        var holder = same ? existing!["holder"]?.GetValue<string>() : task.Claim?.Session;
        var value = new JsonObject { ["task"] = task.Id, ["agent"] = agent, ["at"] = at, ["tree"] = tree, ["holder"] = holder };
        kernel.Append(w, EventCatalog.SessionBound, task.Id, new SessionBound(task.Id, agent, at, WorktreeBinding.NameOf(kernel.Project)), session);
        w.PutRecord(RecordKind, session, task.Id, value.ToJsonString());
        return task;
    }

    /// <summary>
    /// Whether <paramref name="session"/>'s activity renews <paramref name="claim"/>: it holds it, or it
    /// was bound to the task while the present holder held it (a second agent session in the task's tree).
    /// A claim taken over since then is no longer this session's to renew.
    /// </summary>
    public static bool ActsFor(ILedgerReader r, string session, TaskState task) =>
        task.Claim is { } claim && (claim.Session == session ||
            r.GetRecord(RecordKind, session) is { } json && JsonNode.Parse(json) is { } b
            && b["task"]?.GetValue<string>() == task.Id && b["holder"]?.GetValue<string>() == claim.Session);

    private static string TaskOf(string json) => JsonNode.Parse(json)?["task"]?.GetValue<string>() ?? "";
}
