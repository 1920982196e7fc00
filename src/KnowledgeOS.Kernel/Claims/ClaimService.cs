using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Gates;
using KnowledgeOS.Ledger;
using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Claims;

/// <summary>The <see cref="IClaims"/> service, created once per kernel.</summary>
internal sealed partial class ClaimService(Kernel kernel) : IClaims
{
    /// <summary>
    /// The one entry to claiming. A planned task is dispatched (the lifecycle move). A dispatched
    /// one is renewed for its own session, refused while another session's lease is live, and taken
    /// over (recorded, naming the previous holder) once that lease has run out or been released.
    /// Runs inside the caller's BEGIN IMMEDIATE transaction, so two racing sessions cannot both win.
    /// </summary>
    public MoveResult Take(ILedgerWriter w, TaskState task, string session, string? agent, TimeSpan lease)
    {
        if (string.IsNullOrWhiteSpace(session))
        {
            throw KosException.Input("Dispatch claims the task for one agent session: pass --session ID.");
        }

        if (task.Phase is not (Phase.Dispatch or Phase.Execute))
        {
            return kernel.Tasks.Dispatch(w, task, session, agent, lease);
        }

        var now = kernel.Clock.GetUtcNow();
        var held = task.Claim;
        if (held is not null && Leases.IsLive(held, now) && held.Session != session)
        {
            var reason = $"{task.Id} is claimed by session {held.Session}{(held.Agent is null ? "" : $" ({held.Agent})")} until {held.LeaseUntil}; " +
                         $"wait for the lease to run out, or release it with 'kos release {task.Id}'";
            kernel.Append(w, EventCatalog.GateRefused, task.Id, new GateRefused(task.Phase.Name(), task.Phase.Name(), [$"[claim] {reason}"], held.Session), session);
            return new MoveResult(task, [], [new GateFinding("claim", reason)], []);
        }

        var claim = new Claim(session, agent ?? held?.Agent ?? task.Agent, Ledger.LedgerTime.Stamp(now + lease), Ledger.LedgerTime.Stamp(now), lease.TotalSeconds);
        var renew = held is not null && held.Session == session;
        var payload = new ClaimChanged { Session = session, Agent = claim.Agent, LeaseUntil = claim.LeaseUntil };
        if (!renew)
        {
            payload = payload with
            {
                PreviousSession = held?.Session,
                PreviousLeaseUntil = held?.LeaseUntil,
                Reason = held is null ? "unclaimed (released)" : "lease expired",
            };
        }

        var e = kernel.Append(w, renew ? EventCatalog.ClaimRenewed : EventCatalog.ClaimTakenOver, task.Id, payload, session);
        var saved = task with { Claim = claim, UpdatedAt = e.Time, LastSeq = e.Seq };
        kernel.SaveTask(w, saved);
        return new MoveResult(saved, [new Checkpoint(saved.Id, saved.Phase, e)], [], []);
    }

    /// <summary>
    /// Hands a claim to the agent session that turned out to do the work (its first hook reached the
    /// task through the worktree binding, <c>KOS_TASK</c> or <c>KOS_SESSION</c>): recorded as
    /// <c>claim.handed-over</c> naming the previous holder; the lease is kept (the agent's activity
    /// renews it from then on, as the holder's own would). A claim someone else took over after its
    /// lease ran out is theirs: takeovers stay with <c>kos dispatch-task</c>.
    /// </summary>
    public TaskState HandOver(ILedgerWriter w, TaskState task, string session, string? agent, string? reason = null)
    {
        var held = task.Claim!;
        if (!task.Phase.IsActive())
        {
            return task;
        }

        var e = kernel.Append(w, EventCatalog.ClaimHandedOver, task.Id, new ClaimChanged
        {
            Session = session,
            Agent = agent ?? held.Agent,
            LeaseUntil = held.LeaseUntil,
            PreviousSession = held.Session,
            Reason = reason ?? "the agent session bound to the task at its first hook",
        }, session);
        var saved = task with { Claim = held with { Session = session, Agent = agent ?? held.Agent }, UpdatedAt = e.Time, LastSeq = e.Seq };
        kernel.SaveTask(w, saved);
        return saved;
    }

    /// <summary>Gives up a task's claim; the task keeps its phase and anyone may dispatch it again.</summary>
    public LedgerEvent Release(string taskId, string? reason) => kernel.Store.Write(w =>
    {
        var task = kernel.Tasks.Resolve(w, taskId);
        if (task.Claim is not { } held)
        {
            throw KosException.Input($"{task.Id} is not claimed; there is nothing to release.");
        }

        var e = kernel.Append(w, EventCatalog.ClaimReleased, task.Id, new ClaimReleased(held.Session, held.LeaseUntil, reason));
        kernel.SaveTask(w, task with { Claim = null, UpdatedAt = e.Time, LastSeq = e.Seq });
        return e;
    });

    /// <summary>
    /// Records that <paramref name="session"/> is active: renews the lease of every claim it holds.
    /// Cheap when nothing is due (a read, no write lock), so adapters may call it on every hook.
    /// Returns the tasks whose lease was renewed.
    /// </summary>
    /// <remarks>
    /// <paramref name="boundTask"/> is the task the caller acts for through a worktree binding or
    /// <c>KOS_TASK</c> (see <see cref="Scopes.IWriteChecks.ResolveActing"/>): activity there renews that task's claim
    /// too, whichever session dispatched it.
    /// </remarks>
    public IReadOnlyList<string> Touch(string session, string? boundTask = null)
    {
        var now = kernel.Clock.GetUtcNow();
        if (!Touchable(kernel.Store, session, boundTask).Any(t => Leases.RenewalDue(t.Claim!, now)))
        {
            return [];
        }

        return kernel.Store.Write(w => Touch(w, session, boundTask));
    }

    /// <summary><see cref="Touch(string, string)"/> inside a caller's transaction (e.g. while recording a capability event).</summary>
    public IReadOnlyList<string> Touch(ILedgerWriter w, string session, string? boundTask = null)
    {
        var now = kernel.Clock.GetUtcNow();
        var renewed = new List<string>();
        foreach (var task in Touchable(w, session, boundTask))
        {
            var c = task.Claim!;
            if (!Leases.RenewalDue(c, now))
            {
                continue;
            }

            var until = Ledger.LedgerTime.Stamp(now + Leases.Length(c));
            var e = kernel.Append(w, EventCatalog.ClaimRenewed, task.Id, new ClaimChanged { Session = session, LeaseUntil = until, By = "activity", Holder = c.Session }, session);
            kernel.SaveTask(w, task with { Claim = c with { LeaseUntil = until }, UpdatedAt = e.Time, LastSeq = e.Seq });
            renewed.Add(task.Id);
        }

        return renewed;
    }

    private List<TaskState> Touchable(ILedgerReader r, string session, string? boundTask)
    {
        var list = ClaimsOf(r, session).ToList();
        if (boundTask is not null && list.All(t => t.Id != boundTask) && kernel.FindTask(r, boundTask) is { Claim: not null } bound && bound.Phase.IsActive())
        {
            list.Add(bound);
        }

        return list;
    }

    /// <summary>The active tasks whose claim <paramref name="session"/> holds (expired or not: its own activity revives it).</summary>
    public IReadOnlyList<TaskState> ClaimsOf(ILedgerReader r, string session) =>
        r.TasksOfSession(session)
            .Where(row => PhaseNames.TryParse(row.Phase, out var p) && p.IsActive())
            .Select(row => kernel.FindTask(r, row.Id))
            .Where(t => t?.Claim?.Session == session)
            .Select(t => t!)
            .ToList();
}
