using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Gates;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Tasks;

internal sealed partial class TaskLifecycle
{
    public MoveResult Route(string taskId, IReadOnlyList<string> scope, string? agent) =>
        kernel.Store.Write(w => Route(w, Resolve(w, taskId), scope, agent));

    public MoveResult Plan(string taskId, IReadOnlyList<string> steps) =>
        kernel.Store.Write(w => Plan(w, Resolve(w, taskId), steps));

    public MoveResult Review(string taskId, bool approve, string reviewer, string? note) =>
        kernel.Store.Write(w => Review(w, Resolve(w, taskId), approve, reviewer, note));

    /// <summary>Dispatches a planned task, or (once dispatched) renews, refuses or takes over its claim.</summary>
    public MoveResult Dispatch(string taskId, string session, string? agent, TimeSpan lease) =>
        kernel.Store.Write(w => kernel.Claims.Take(w, Resolve(w, taskId), session, agent, lease));

    public MoveResult Report(string taskId) => kernel.Store.Write(w => Report(w, Resolve(w, taskId)));

    /// <summary>Moves a task to done (through report if it is still executing).</summary>
    public MoveResult Complete(string taskId) => kernel.Store.Write(w =>
    {
        var task = Resolve(w, taskId);
        if (task.Phase == Phase.Execute)
        {
            // Check the done gates first: a refused completion must leave the task where it was, not in report.
            var asReported = task with { Phase = Phase.Report };
            var done = kernel.Gates.Run(new GateContext(asReported, asReported with { Phase = Phase.Done }, Phase.Done, w, kernel.Project, kernel.Config, kernel.Clock, kernel.Actor));
            if (!done.Passed)
            {
                kernel.Append(w, EventCatalog.GateRefused, task.Id, new GateRefused(Phase.Done.Name(), task.Phase.Name(), Findings(done.Refusals)));
                return new MoveResult(task, [], done.Refusals, done.Warnings);
            }

            var reported = Report(w, task);
            return reported.Ok ? Chain(reported, r => Move(w, r, Phase.Done, EventCatalog.TaskCompleted, new TaskMoved { Phase = "" }, t => t)) : reported;
        }

        return Move(w, task, Phase.Done, EventCatalog.TaskCompleted, new TaskMoved { Phase = "" }, t => t);
    });

    public MoveResult Block(string taskId, string reason) => kernel.Store.Write(w =>
    {
        var task = Resolve(w, taskId);
        return Move(w, task, Phase.Blocked, EventCatalog.TaskBlocked, new TaskMoved { Phase = "", Reason = reason }, t => t with { BlockedFrom = task.Phase });
    });

    public MoveResult Abandon(string taskId, string reason) => kernel.Store.Write(w =>
        Move(w, Resolve(w, taskId), Phase.Abandoned, EventCatalog.TaskAbandoned, new TaskMoved { Phase = "", Reason = reason }, t => t with { Claim = null }));

    /// <summary>Blocked → where it was; report → execute; done/abandoned → plan.</summary>
    public MoveResult Reopen(string taskId, string? reason) => kernel.Store.Write(w =>
    {
        var task = Resolve(w, taskId);
        var to = task.Phase switch
        {
            Phase.Blocked => task.BlockedFrom ?? Phase.Plan,
            Phase.Report => Phase.Execute,
            Phase.Done or Phase.Abandoned => Phase.Plan,
            _ => throw KosException.Refused($"{task.Id} is in phase {task.Phase.Name()}; only blocked, reported, done or abandoned tasks can be reopened."),
        };
        return Move(w, task, to, EventCatalog.TaskReopened, new TaskMoved { Phase = "", Reason = reason }, t => t with { BlockedFrom = null });
    });

    internal MoveResult Route(ILedgerWriter w, TaskState task, IReadOnlyList<string> scope, string? agent) =>
        Move(w, task, Phase.Route, EventCatalog.TaskRouted,
            new TaskMoved { Phase = "", Scope = scope, Agent = agent },
            t => t with { Scope = scope.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToList(), Agent = agent ?? t.Agent });

    internal MoveResult Plan(ILedgerWriter w, TaskState task, IReadOnlyList<string> stepTexts)
    {
        if (stepTexts.Count == 0)
        {
            throw KosException.Input("A plan needs at least one step: kos plan-task TASK --step \"R1: what you will do\"");
        }

        var steps = stepTexts.Select(PlanCoverage.ParseStep).ToList();
        if (task.SpecId is not null)
        {
            var unknown = steps.SelectMany(s => s.Requirements).Where(r => !task.Requirements.Contains(r, StringComparer.OrdinalIgnoreCase)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                throw KosException.Input(
                    $"Plan steps cite {string.Join(", ", unknown)}, which {(unknown.Count == 1 ? "is" : "are")} not bound to {task.Id} " +
                    $"(bound: {string.Join(", ", task.Requirements)}). Cite a bound requirement, or re-bind with 'kos align-spec {task.Id} --accept --req …'.");
            }

            var uncited = steps.Where(s => s.Requirements.Count == 0).ToList();
            if (uncited.Count > 0)
            {
                throw KosException.Input($"Every step of a spec-bound task cites the requirement it serves, e.g. --step \"{task.Requirements[0]}: {uncited[0].Text}\".");
            }
        }

        var payload = new TaskMoved
        {
            Phase = "",
            Steps = stepTexts.Select(s => s.Trim()).ToList(),
            Uncovered = PlanCoverage.Uncovered(task with { Plan = steps }).ToList(),
        };
        return Move(w, task, Phase.Plan, EventCatalog.TaskPlanned, payload, t => t with { Plan = steps, Planner = kernel.Actor, Reviewer = null, ReviewNote = null });
    }

    internal MoveResult Review(ILedgerWriter w, TaskState task, bool approve, string reviewer, string? note)
    {
        if (task.Phase != Phase.Plan)
        {
            throw KosException.Refused($"{task.Id} is in phase {task.Phase.Name()}; only a planned task can be reviewed ('kos plan-task {task.Id} --step …' first).");
        }

        if (approve)
        {
            return Move(w, task, Phase.Review, EventCatalog.TaskReviewed,
                new TaskMoved { Phase = "", Decision = "approve", Reviewer = reviewer, Note = note },
                t => t with { Reviewer = reviewer, ReviewNote = note });
        }

        // A rejection keeps the task in plan; it is a decision, recorded for the context pack.
        kernel.Append(w, EventCatalog.TaskReviewRejected, task.Id, new ReviewRejected("reject", reviewer, note));
        var updated = task with { ReviewNote = note, UpdatedAt = kernel.Now() };
        kernel.SaveTask(w, updated);
        return new MoveResult(updated, [], [new GateFinding("review", $"rejected by {reviewer}{(note is null ? "" : ": " + note)}; revise with 'kos plan-task {task.Id} --step …'")], []);
    }

    public MoveResult Dispatch(ILedgerWriter w, TaskState task, string session, string? agent, TimeSpan lease)
    {
        if (string.IsNullOrWhiteSpace(session))
        {
            throw KosException.Input("Dispatch claims the task for one agent session: pass --session ID.");
        }

        var now = kernel.Clock.GetUtcNow();
        var claim = new Claim(session, agent ?? task.Agent, Ledger.LedgerTime.Stamp(now + lease), Ledger.LedgerTime.Stamp(now), lease.TotalSeconds);
        var dispatched = Move(w, task, Phase.Dispatch, EventCatalog.TaskDispatched,
            new TaskMoved { Phase = "", Session = session, Agent = claim.Agent, LeaseUntil = claim.LeaseUntil },
            t => t with { Claim = claim }, session);
        return dispatched.Ok
            ? Chain(dispatched, d => Move(w, d, Phase.Execute, EventCatalog.TaskExecuting, new TaskMoved { Phase = "", Session = session }, t => t, session))
            : dispatched;
    }

    internal MoveResult Report(ILedgerWriter w, TaskState task) =>
        Move(w, task, Phase.Report, EventCatalog.TaskReported, new TaskMoved { Phase = "" }, t => t);

    /// <summary>
    /// The one way a task changes phase: check legality, run the gates, then append the event and
    /// update the projection in the caller's transaction. A refusal is recorded too.
    /// </summary>
    internal MoveResult Move(ILedgerWriter w, TaskState current, Phase to, EventType<TaskMoved> type, TaskMoved payload, Func<TaskState, TaskState> apply, string? session = null)
    {
        if (!Lifecycle.IsLegal(current.Phase, to))
        {
            throw KosException.Refused(Lifecycle.Explain(current, to));
        }

        return Enter(w, current, apply(current) with { Phase = to }, to, type, payload, session);
    }

    private MoveResult Enter(ILedgerWriter w, TaskState current, TaskState proposed, Phase to, EventType<TaskMoved> type, TaskMoved payload, string? session = null)
    {
        var verdict = kernel.Gates.Run(new GateContext(current, proposed, to, w, kernel.Project, kernel.Config, kernel.Clock, kernel.Actor));
        if (!verdict.Passed)
        {
            if (w.GetTaskJson(current.Id) is not null)
            {
                kernel.Append(w, EventCatalog.GateRefused, current.Id, new GateRefused(to.Name(), current.Phase.Name(), Findings(verdict.Refusals)), session);
            }

            return new MoveResult(current, [], verdict.Refusals, verdict.Warnings);
        }

        payload = payload with
        {
            Phase = to.Name(),
            From = current.Phase == to && type == EventCatalog.TaskCreated ? null : current.Phase.Name(),
            Warnings = verdict.Warnings.Count > 0 ? Findings(verdict.Warnings) : null,
        };
        var e = kernel.Append(w, type, current.Id, payload, session);
        var saved = proposed with { UpdatedAt = e.Time, LastSeq = e.Seq };
        kernel.SaveTask(w, saved);
        return new MoveResult(saved, [new Checkpoint(saved.Id, to, e)], [], verdict.Warnings);
    }

    private static List<string> Findings(IEnumerable<GateFinding> findings) => findings.Select(f => f.ToString()).ToList();

    /// <summary>Runs further moves while each passes, collecting checkpoints and warnings.</summary>
    internal static MoveResult Chain(MoveResult first, params Func<TaskState, MoveResult>[] next)
    {
        var result = first;
        var checkpoints = new List<Checkpoint>(first.Checkpoints);
        var warnings = new List<GateFinding>(first.Warnings);
        foreach (var step in next)
        {
            if (!result.Ok)
            {
                break;
            }

            result = step(result.Task);
            checkpoints.AddRange(result.Checkpoints);
            warnings.AddRange(result.Warnings);
        }

        return result with { Checkpoints = checkpoints, Warnings = warnings };
    }
}
