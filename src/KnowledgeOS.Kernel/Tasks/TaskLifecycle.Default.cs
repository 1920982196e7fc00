using KnowledgeOS.Ledger;

namespace KnowledgeOS.Tasks;

internal sealed partial class TaskLifecycle
{
    /// <summary>
    /// The task a command acts on when the user names none: <c>KOS_TASK</c> (passed as
    /// <paramref name="envTask"/>); else the task the session's claim or this worktree's binding
    /// (<c>kos bind</c>) names; else the only open task (not done or abandoned). Otherwise a clear error listing the choices.
    /// </summary>
    public TaskState Default(ILedgerReader r, string? given, string? envTask, string? session, string command)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Resolve(r, given);
        }

        if (!string.IsNullOrWhiteSpace(envTask))
        {
            return Resolve(r, envTask);
        }

        if (kernel.Writes.ResolveActing(r, null, session) is ({ } acting, _))
        {
            return acting;
        }

        var active = r.ListTasks().Where(t => t.Phase is not ("done" or "abandoned")).ToList();
        if (active.Count == 1)
        {
            return kernel.FindTask(r, active[0].Id)!;
        }

        throw KosException.Input(active.Count == 0
            ? $"Name the task: kos {command} T-…. No task is bound to this worktree and none is active ('kos list --all' shows every task)."
            : $"Name the task: kos {command} T-…, or make one the default with 'kos bind T-…'. Active tasks: " +
              string.Join(", ", active.Take(5).Select(t => $"{t.Id} ({t.Title})")) + (active.Count > 5 ? ", …" : "") + ".");
    }
}
