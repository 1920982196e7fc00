using KnowledgeOS.Ledger;

namespace KnowledgeOS.Tasks;

/// <summary><c>kernel.Tasks</c>: tasks and their lifecycle: create, resolve, route, plan, review, dispatch, report, complete, block, abandon, reopen, evals, the default task.</summary>
public interface ITaskLifecycle
{
    /// <summary>Creates a task in intake (a quick task goes on through route, plan and dispatch).</summary>
    MoveResult Create(NewTask request);

    /// <summary>Finds a task by ID, unique prefix or case variant; a miss suggests the nearest IDs.</summary>
    TaskState Resolve(ILedgerReader r, string input);

    MoveResult Route(string taskId, IReadOnlyList<string> scope, string? agent);

    MoveResult Plan(string taskId, IReadOnlyList<string> steps);

    MoveResult Review(string taskId, bool approve, string reviewer, string? note);

    /// <summary>Dispatches a planned task, or (once dispatched) renews, refuses or takes over its claim.</summary>
    MoveResult Dispatch(string taskId, string session, string? agent, TimeSpan lease);

    MoveResult Report(string taskId);

    /// <summary>Moves a task to done (through report if it is still executing).</summary>
    MoveResult Complete(string taskId);

    MoveResult Block(string taskId, string reason);

    MoveResult Abandon(string taskId, string reason);

    /// <summary>Blocked → where it was; report → execute; done/abandoned → plan.</summary>
    MoveResult Reopen(string taskId, string? reason);

    /// <summary>
    /// Gives an existing task another eval command (recorded as <c>task.eval-added</c>, shown in its
    /// context pack and trace). A task created without evals can so still earn evidence and complete.
    /// </summary>
    (TaskState Task, LedgerEvent Event) AddEval(string taskId, string command);

    /// <summary>
    /// The task a command acts on when the user names none: <c>KOS_TASK</c> (passed as
    /// <paramref name="envTask"/>); else the task the session's claim or this worktree's binding
    /// (<c>kos bind</c>) names; else the only open task (not done or abandoned). Otherwise a clear error listing the choices.
    /// </summary>
    TaskState Default(ILedgerReader r, string? given, string? envTask, string? session, string command);

    /// <summary>Dispatch inside the caller's transaction (the claim path's first move).</summary>
    internal MoveResult Dispatch(ILedgerWriter w, TaskState task, string session, string? agent, TimeSpan lease);
}
