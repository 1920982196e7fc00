using System.Text.Json;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Projections;

/// <summary>
/// One task's governance fields as its events alone say they are: what hooks, gates and completion act on
/// (phase, scope, claim, evals, spec binding, the last event that changed it).
/// </summary>
public sealed class ReplayedTask(string id, long createdSeq)
{
    public string Id { get; } = id;
    public long CreatedSeq { get; } = createdSeq;
    public Phase Phase { get; set; } = Phase.Intake;
    public IReadOnlyList<string> Scope { get; set; } = [];
    public IReadOnlyList<string> Evals { get; set; } = [];
    public string? SpecId { get; set; }
    public string? SpecHash { get; set; }
    public IReadOnlyList<string> Requirements { get; set; } = [];
    public bool Quick { get; set; }
    public string? Session { get; set; }
    public string? LeaseUntil { get; set; }
    public long LastSeq { get; set; }

    /// <summary>The latest evidence run's ID and the seqs of its events (evidence records point at them).</summary>
    public string? EvidenceRun { get; set; }

    public List<EvidenceEvent> Evidence { get; } = [];
}

/// <summary>One <c>evidence.recorded</c> event of a task's latest run: what its evidence record must repeat.</summary>
public sealed record EvidenceEvent(long Seq, string Hash, int? ExitCode, bool Passed, string StdoutSha256);

/// <summary>
/// Replays the task, claim and evidence events into a fresh, in-memory set of task projections: the fold
/// every kos command's own saves agree with (<c>Kernel.Lifecycle</c>, <c>Kernel.Claims</c>, <c>Kernel.Evals</c>,
/// <c>Kernel.Specs</c>), so a projection edited outside kos is told apart from one kos wrote.
/// </summary>
public static class TaskReplay
{
    /// <summary>The event types the fold reads: every other type leaves task projections alone.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        EventCatalog.TaskCreated.Name, EventCatalog.TaskRouted.Name, EventCatalog.TaskPlanned.Name, EventCatalog.TaskReviewed.Name,
        EventCatalog.TaskDispatched.Name, EventCatalog.TaskExecuting.Name, EventCatalog.TaskReported.Name, EventCatalog.TaskCompleted.Name,
        EventCatalog.TaskBlocked.Name, EventCatalog.TaskAbandoned.Name, EventCatalog.TaskReopened.Name, EventCatalog.TaskAligned.Name,
        EventCatalog.TaskEvalAdded.Name, EventCatalog.ClaimRenewed.Name, EventCatalog.ClaimHandedOver.Name, EventCatalog.ClaimTakenOver.Name,
        EventCatalog.ClaimReleased.Name, EventCatalog.EvidenceRecorded.Name,
    ];

    /// <summary>
    /// Folds <paramref name="events"/> (seq order) into tasks by ID, on top of <paramref name="seed"/> (the fold of the
    /// events before them) when given. A task whose <c>task.created</c> is not among them (archived) is left out:
    /// its later events alone cannot say what it is.
    /// </summary>
    public static Dictionary<string, ReplayedTask> Fold(IEnumerable<LedgerEvent> events, Dictionary<string, ReplayedTask>? seed = null)
    {
        var tasks = seed ?? new Dictionary<string, ReplayedTask>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Task is not { } id)
            {
                continue;
            }

            if (e.Type == EventCatalog.TaskCreated.Name)
            {
                var p = Read(e, EventCatalog.TaskCreated);
                tasks[id] = new ReplayedTask(id, e.Seq)
                {
                    Phase = PhaseOf(p.Phase), Evals = p.Evals ?? [], SpecId = p.Spec, SpecHash = p.SpecHash,
                    Requirements = p.Requirements ?? [], Quick = p.Quick ?? false, LastSeq = e.Seq,
                };
            }
            else if (tasks.TryGetValue(id, out var t))
            {
                Apply(t, e);
            }
        }

        return tasks;
    }

    private static void Apply(ReplayedTask t, LedgerEvent e)
    {
        var type = e.Type;
        if (type == EventCatalog.EvidenceRecorded.Name)
        {
            var ev = Read(e, EventCatalog.EvidenceRecorded);
            if (ev.Run != t.EvidenceRun)
            {
                t.EvidenceRun = ev.Run;
                t.Evidence.Clear();
            }

            t.Evidence.Add(new EvidenceEvent(e.Seq, e.Hash, ev.ExitCode, ev.Passed, ev.Stdout.Sha256));
            return;
        }

        t.LastSeq = e.Seq;
        if (type == EventCatalog.TaskEvalAdded.Name)
        {
            t.Evals = [.. t.Evals, Read(e, EventCatalog.TaskEvalAdded).Command];
        }
        else if (type == EventCatalog.TaskAligned.Name)
        {
            var a = Read(e, EventCatalog.TaskAligned);
            (t.SpecId, t.SpecHash, t.Requirements) = (a.Spec, a.ToHash, a.Requirements);
        }
        else if (type == EventCatalog.ClaimReleased.Name)
        {
            (t.Session, t.LeaseUntil) = (null, null);
        }
        else if (type == EventCatalog.ClaimRenewed.Name || type == EventCatalog.ClaimHandedOver.Name || type == EventCatalog.ClaimTakenOver.Name)
        {
            // Activity renews the holder's claim (Holder); a dispatch renewal, hand-over or takeover names the new holder (Session).
            var c = JsonSerializer.Deserialize(e.Payload, EventCatalog.ClaimRenewed.Info)!;
            (t.Session, t.LeaseUntil) = (c.Holder ?? c.Session, c.LeaseUntil);
        }
        else
        {
            var m = JsonSerializer.Deserialize(e.Payload, EventCatalog.TaskRouted.Info)!;
            t.Phase = PhaseOf(m.Phase);
            if (type == EventCatalog.TaskRouted.Name)
            {
                t.Scope = (m.Scope ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToList();
            }
            else if (type == EventCatalog.TaskDispatched.Name)
            {
                (t.Session, t.LeaseUntil) = (m.Session, m.LeaseUntil);
            }
            else if (type == EventCatalog.TaskAbandoned.Name)
            {
                (t.Session, t.LeaseUntil) = (null, null);
            }
        }
    }

    private static T Read<T>(LedgerEvent e, EventType<T> type) where T : EventPayload =>
        JsonSerializer.Deserialize(e.Payload, type.Info) ?? throw new JsonException($"event {e.Seq} ({e.Type}) has no payload");

    private static Phase PhaseOf(string name) =>
        PhaseNames.TryParse(name, out var p) ? p : throw new JsonException($"unknown phase '{name}'");
}
