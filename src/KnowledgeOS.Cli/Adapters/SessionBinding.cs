using System.Text.Json.Nodes;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// Which task an agent session works on. The adapters' one call site for session/task binding
/// (the kernel's own binding, branch <c>scopes</c>, replaces the body). In order: a binding
/// recorded earlier for this session; a task whose claim is held by this session id; the task
/// named by <c>KOS_TASK</c> or claimed by <c>KOS_SESSION</c> in the agent's environment, which
/// is then bound to the agent's own session id so later events resolve directly.
/// </summary>
internal static class SessionBinding
{
    public const string RecordKind = "session-binding";

    public static TaskState? Resolve(Kernel kernel, ILedgerReader r, string? session, Func<string, string?> env)
    {
        if (session is not null)
        {
            if (r.GetRecord(RecordKind, session) is { } bound && kernel.FindTask(r, TaskOf(bound)) is { } t)
            {
                return t;
            }

            if (ClaimedBy(kernel, r, session) is { } claimed)
            {
                return claimed;
            }
        }

        if (env("KOS_TASK") is { Length: > 0 } id && kernel.FindTask(r, id) is { } named)
        {
            return named;
        }

        return env("KOS_SESSION") is { Length: > 0 } s && s != session ? ClaimedBy(kernel, r, s) : null;
    }

    /// <summary>Remembers that <paramref name="session"/> works on <paramref name="task"/>, once.</summary>
    public static void Bind(Kernel kernel, ILedgerWriter w, string session, TaskState task, string agent)
    {
        if (w.GetRecord(RecordKind, session) is { } existing && TaskOf(existing) == task.Id)
        {
            return;
        }

        var value = new JsonObject { ["task"] = task.Id, ["agent"] = agent, ["at"] = kernel.Now() };
        kernel.Append(w, "session.bound", task.Id, value, session);
        w.PutRecord(RecordKind, session, task.Id, value.ToJsonString());
    }

    private static TaskState? ClaimedBy(Kernel kernel, ILedgerReader r, string session)
    {
        // The tasks table indexes the claiming session; ListTasks is small next to a process start.
        foreach (var row in r.ListTasks())
        {
            if (row.Session == session && row.Phase is "execute" or "report" or "dispatch")
            {
                return kernel.FindTask(r, row.Id);
            }
        }

        return null;
    }

    private static string TaskOf(string json) => JsonNode.Parse(json)?["task"]?.GetValue<string>() ?? "";
}
