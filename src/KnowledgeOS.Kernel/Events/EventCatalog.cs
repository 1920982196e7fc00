using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace KnowledgeOS.Events;

/// <summary>An event type: its name in the ledger, the record its payload is, who writes it, and what it means.</summary>
public abstract record EventType(string Name, string Writer, string Meaning)
{
    public abstract JsonTypeInfo PayloadInfo { get; }
}

/// <summary>An event type whose payload is <typeparamref name="T"/>; <see cref="Kernel.Append{T}"/> takes only this.</summary>
public sealed record EventType<T>(string Name, Func<JsonTypeInfo<T>> Resolve, string Writer, string Meaning) : EventType(Name, Writer, Meaning)
    where T : EventPayload
{
    /// <summary>The payload's serialisation metadata, built on first use: building all of it when the catalogue loads cost every hook process milliseconds.</summary>
    public JsonTypeInfo<T> Info => field ??= Resolve();

    public override JsonTypeInfo PayloadInfo => Info;

    public override string ToString() => Name;
}

/// <summary>
/// Every event type kos writes, mapped to its payload record (serialised by <see cref="EventJson"/>,
/// source-generated). The workbench, exporters and <c>docs/events.md</c> read events through it;
/// a test checks that the document and this catalogue agree.
/// </summary>
public static class EventCatalog
{
    /// <summary>The payload schema every event written through the catalogue carries (<c>schemaVersion</c>).</summary>
    public const int SchemaVersion = 1;

    private static readonly EventJson J = EventJson.Default;

    public static readonly EventType<ProjectInitialised> ProjectInitialised = new("project.initialised", () => J.ProjectInitialised, "kos init", "The project was set up under kos.");
    public static readonly EventType<SpecRecorded> SpecRecorded = new("spec.recorded", () => J.SpecRecorded, "kos create-spec, kos specs sync, task creation", "A spec version (its hash and requirement texts) was recorded.");
    public static readonly EventType<NoteRecorded> Note = new("note", () => J.NoteRecorded, "kos note", "A free-text note in the trace.");
    public static readonly EventType<NoteRecorded> Decision = new("decision", () => J.NoteRecorded, "kos note --decision", "A decision; the context pack shows it.");

    public static readonly EventType<TaskMoved> TaskCreated = new("task.created", () => J.TaskMoved, "kos create-task", "A task entered intake (title, intent, spec binding, evals).");
    public static readonly EventType<TaskMoved> TaskRouted = new("task.routed", () => J.TaskMoved, "kos route-task (and --quick creation)", "The task got its write scope and agent.");
    public static readonly EventType<TaskMoved> TaskPlanned = new("task.planned", () => J.TaskMoved, "kos plan-task", "The task's plan steps, and requirements no step covers.");
    public static readonly EventType<TaskMoved> TaskReviewed = new("task.reviewed", () => J.TaskMoved, "kos review-task --approve", "The plan was approved.");
    public static readonly EventType<ReviewRejected> TaskReviewRejected = new("task.review-rejected", () => J.ReviewRejected, "kos review-task --reject", "The plan was rejected; the context pack shows it.");
    public static readonly EventType<TaskMoved> TaskDispatched = new("task.dispatched", () => J.TaskMoved, "kos dispatch-task", "The task was claimed for an agent session.");
    public static readonly EventType<TaskMoved> TaskExecuting = new("task.executing", () => J.TaskMoved, "kos dispatch-task", "The claimed session started executing.");
    public static readonly EventType<TaskMoved> TaskReported = new("task.reported", () => J.TaskMoved, "kos complete-task", "The agent reported the work done.");
    public static readonly EventType<TaskMoved> TaskCompleted = new("task.completed", () => J.TaskMoved, "kos complete-task", "The task is done: every completion gate passed.");
    public static readonly EventType<TaskMoved> TaskBlocked = new("task.blocked", () => J.TaskMoved, "kos block", "The task is blocked, with the reason.");
    public static readonly EventType<TaskMoved> TaskAbandoned = new("task.abandoned", () => J.TaskMoved, "kos abandon", "The task was abandoned, with the reason.");
    public static readonly EventType<TaskMoved> TaskReopened = new("task.reopened", () => J.TaskMoved, "kos reopen", "A blocked task went back to its phase.");
    public static readonly EventType<TaskAligned> TaskAligned = new("task.aligned", () => J.TaskAligned, "kos align-spec --accept", "The task was re-bound to the spec's current version.");
    public static readonly EventType<EvalAdded> TaskEvalAdded = new("task.eval-added", () => J.EvalAdded, "kos add-eval", "An existing task got another eval command.");
    public static readonly EventType<GateRefused> GateRefused = new("gate.refused", () => J.GateRefused, "the lifecycle, kos dispatch-task (claim held)", "A phase change (or a claim) was refused by gates; the context pack shows it.");

    public static readonly EventType<ClaimChanged> ClaimRenewed = new("claim.renewed", () => J.ClaimChanged, "kos dispatch-task (re-claim), hooks (activity)", "The holder's lease was extended.");
    public static readonly EventType<ClaimChanged> ClaimHandedOver = new("claim.handed-over", () => J.ClaimChanged, "hooks (an agent session's first call)", "A live claim passed from the session named at dispatch to the agent session doing the work.");
    public static readonly EventType<ClaimChanged> ClaimTakenOver = new("claim.taken-over", () => J.ClaimChanged, "kos dispatch-task (re-claim)", "A released or expired claim went to another session.");
    public static readonly EventType<ClaimReleased> ClaimReleased = new("claim.released", () => J.ClaimReleased, "kos release", "The claim was given up.");
    public static readonly EventType<SessionBound> SessionBound = new("session.bound", () => J.SessionBound, "hooks", "An agent session was bound to the task it works on.");
    public static readonly EventType<WorktreeBound> WorktreeBound = new("worktree.bound", () => J.WorktreeBound, "kos bind", "A git worktree was bound to a task.");

    public static readonly EventType<WriteChecked> WriteDenied = new("write.denied", () => J.WriteChecked, "kos check-route-write", "Writes refused by the scope check; the context pack shows it.");
    public static readonly EventType<WriteChecked> WriteWarned = new("write.warned", () => J.WriteChecked, "kos check-route-write (advisory)", "Writes allowed in advisory mode that would have been refused.");
    public static readonly EventType<ScopeViolation> ScopeViolation = new("scope.violation", () => J.ScopeViolation, "hooks (post-tool reconciliation)", "Files changed outside the scope by a write hooks could not see.");
    public static readonly EventType<ChangeUnattributed> ChangeUnattributed = new("change.unattributed", () => J.ChangeUnattributed, "hooks (post-tool reconciliation)", "Changes in a work tree several sessions share that kos cannot attribute to one of them; a person assigns them.");
    public static readonly EventType<LossAcknowledged> LossAcknowledged = new("loss.acknowledged", () => J.LossAcknowledged, "kos acknowledge-loss", "A person acknowledged that an unwatched call discarded or overwrote uncommitted work outside a task's scope (it no longer blocks completion).");
    public static readonly EventType<ChangeAssigned> ChangeAssigned = new("change.assigned", () => J.ChangeAssigned, "kos assign-change", "A person assigned an unattributed change to a task (a violation of it when outside its scope).");
    public static readonly EventType<CommitChecked> CommitChecked = new("commit.checked", () => J.CommitChecked, "git pre-commit hook", "Staged files were inside the active tasks' scopes.");
    public static readonly EventType<CommitChecked> CommitRefused = new("commit.refused", () => J.CommitChecked, "git pre-commit hook", "A commit was refused: staged files outside the scopes, or protected.");

    public static readonly EventType<CapabilityUsed> CapabilityUsed = new("capability.used", () => J.CapabilityUsed, "hooks (pre-tool), kos capability-event", "A tool call ran (allowed, warned or asked); allowed known uses earn CAPABILITY_OK.");
    public static readonly EventType<CapabilityUsed> CapabilityUnknown = new("capability.unknown", () => J.CapabilityUsed, "hooks (pre-tool), kos capability-event", "A tool call the registry does not know, allowed outside strict mode.");
    public static readonly EventType<CapabilityUsed> CapabilityDenied = new("capability.denied", () => J.CapabilityUsed, "hooks (pre-tool), kos capability-event", "A refused tool call (write scope or registry); the context pack shows it.");
    public static readonly EventType<CapabilityResult> CapabilityResult = new("capability.result", () => J.CapabilityResult, "hooks (post-tool)", "What a tool call returned (redacted).");
    public static readonly EventType<SessionStarted> SessionStarted = new("session.started", () => J.SessionStarted, "hooks (session start)", "An agent session started; whether the context pack was injected.");
    public static readonly EventType<SessionStarted> SessionCompacted = new("session.compacted", () => J.SessionStarted, "hooks (after compaction)", "The agent compacted its context; the pack is injected again.");
    public static readonly EventType<SessionStopped> SessionStopped = new("session.stopped", () => J.SessionStopped, "hooks (Stop gate)", "The agent stopped (problems, if any, were only warned).");
    public static readonly EventType<SessionStopped> SessionStopBlocked = new("session.stop-blocked", () => J.SessionStopped, "hooks (Stop gate)", "The agent was kept going: evidence missing or claims unbacked.");
    public static readonly EventType<PromptSubmitted> PromptSubmitted = new("prompt.submitted", () => J.PromptSubmitted, "hooks (prompt)", "A user prompt (redacted).");
    public static readonly EventType<HookRecorded> SessionEnded = new("session.ended", () => J.HookRecorded, "hooks (session end)", "The agent session ended.");
    public static readonly EventType<HookRecorded> HookEvent = new("hook.event", () => J.HookRecorded, "hooks", "Any other hook event, recorded (redacted).");
    public static readonly EventType<HookMalformed> HookMalformed = new("hook.malformed", () => J.HookMalformed, "hooks", "A payload kos could not read: its error, digest and a bounded redacted excerpt.");

    public static readonly EventType<ContextPacked> ContextPacked = new("context.packed", () => J.ContextPacked, "kos context-pack, hooks (session start)", "A context pack was made; verify-context checks it later.");
    public static readonly EventType<EvidenceRecorded> EvidenceRecorded = new("evidence.recorded", () => J.EvidenceRecorded, "kos eval-task", "One eval kos ran itself: exit code, output digests, tree.");
    public static readonly EventType<ClaimChecked> ClaimChecked = new("claim.checked", () => J.ClaimChecked, "kos verify-claim", "A message's markers and completion claims were checked.");
    public static readonly EventType<PostflightRecorded> PostflightOk = new("postflight.ok", () => J.PostflightRecorded, "kos postflight", "Postflight found nothing wrong ([SYNC_OK] quotes it).");
    public static readonly EventType<PostflightRecorded> PostflightFailed = new("postflight.failed", () => J.PostflightRecorded, "kos postflight", "Postflight found problems.");
    public static readonly EventType<GovernanceSealed> GovernanceSealed = new("governance.sealed", () => J.GovernanceSealed, "kos init, kos hooks install/uninstall, kos accept-governance, the Claude fence (kos agent, task changes)", "The hash of the config and of each of kos's hook entries as kos wrote them; postflight and completion name any drift from it.");
    public static readonly EventType<DoctorFixed> DoctorFixed = new("doctor.fixed", () => J.DoctorFixed, "kos doctor --fix", "What doctor repaired.");
    public static readonly EventType<LedgerArchived> LedgerArchived = new("ledger.archived", () => J.LedgerArchived, "kos ledger archive", "Old events were sealed into an archive file (its range, first and last hashes, SHA-256) and removed from the live ledger.");

    public static readonly EventType<ApprovalRecorded> ApprovalRequested = new("approval.requested", () => J.ApprovalRecorded, "human-only kos commands run by an agent", "An agent asked for a human-only command; filed as Q-… for a person.");
    public static readonly EventType<ApprovalRecorded> ApprovalGranted = new("approval.granted", () => J.ApprovalRecorded, "kos approve", "A person granted the request (once).");
    public static readonly EventType<ApprovalRecorded> ApprovalDenied = new("approval.denied", () => J.ApprovalRecorded, "kos deny", "A person denied the request.");
    public static readonly EventType<ApprovalRecorded> ApprovalUsed = new("approval.used", () => J.ApprovalRecorded, "human-only kos commands run by an agent", "A granted request was used up by the command it allowed.");
    public static readonly EventType<ServeDenied> ServeDenied = new("serve.denied", () => J.ServeDenied, "kos serve (the workbench)", "A refused web request (token, origin); past 30 a minute they are counted, not recorded.");

    public static readonly EventType<RegistryChanged> RegistryAdded = new("registry.added", () => J.RegistryChanged, "kos registry add/sync/import-catalog", "A capability entered the registry.");
    public static readonly EventType<RegistryChanged> RegistryUpdated = new("registry.updated", () => J.RegistryChanged, "kos registry add/sync/import-catalog", "A registry entry changed.");
    public static readonly EventType<RegistryChanged> RegistryRestored = new("registry.restored", () => J.RegistryChanged, "kos registry sync/import-catalog", "An entry whose source had gone is declared again.");
    public static readonly EventType<RegistryChanged> RegistryMissing = new("registry.missing", () => J.RegistryChanged, "kos registry sync/import-catalog", "An entry's source no longer declares it.");
    public static readonly EventType<RegistryPolicySet> RegistryPolicy = new("registry.policy", () => J.RegistryPolicySet, "kos registry set-policy", "An entry's policy (allow, ask, deny) changed.");
    public static readonly EventType<RegistryProbed> RegistryProbed = new("registry.probed", () => J.RegistryProbed, "kos registry probe", "An MCP server was probed: its tools and schema size.");
    public static readonly EventType<RegistryProbed> RegistryProbeFailed = new("registry.probe-failed", () => J.RegistryProbed, "kos registry probe", "Probing an MCP server failed.");

    /// <summary>Every event type, in the order <c>docs/events.md</c> lists them.</summary>
    public static IReadOnlyList<EventType> All { get; } =
    [
        ProjectInitialised, SpecRecorded, Note, Decision,
        TaskCreated, TaskRouted, TaskPlanned, TaskReviewed, TaskReviewRejected, TaskDispatched, TaskExecuting, TaskReported, TaskCompleted,
        TaskBlocked, TaskAbandoned, TaskReopened, TaskAligned, TaskEvalAdded, GateRefused,
        ClaimRenewed, ClaimHandedOver, ClaimTakenOver, ClaimReleased, SessionBound, WorktreeBound,
        WriteDenied, WriteWarned, ScopeViolation, ChangeUnattributed, ChangeAssigned, LossAcknowledged, CommitChecked, CommitRefused,
        CapabilityUsed, CapabilityUnknown, CapabilityDenied, CapabilityResult,
        SessionStarted, SessionCompacted, SessionStopped, SessionStopBlocked, PromptSubmitted, SessionEnded, HookEvent, HookMalformed,
        ContextPacked, EvidenceRecorded, ClaimChecked, PostflightOk, PostflightFailed, GovernanceSealed, DoctorFixed, LedgerArchived,
        ApprovalRequested, ApprovalGranted, ApprovalDenied, ApprovalUsed, ServeDenied,
        RegistryAdded, RegistryUpdated, RegistryRestored, RegistryMissing, RegistryPolicy, RegistryProbed, RegistryProbeFailed,
    ];

    private static readonly Dictionary<string, EventType> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The catalogue entry for a type name; null for a type kos does not write (an older or foreign event).</summary>
    public static EventType? Find(string name) => ByName.GetValueOrDefault(name);
}

/// <summary>The one source-generated JSON context for event payloads (a field without a value is left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProjectInitialised))]
[JsonSerializable(typeof(SpecRecorded))]
[JsonSerializable(typeof(NoteRecorded))]
[JsonSerializable(typeof(TaskMoved))]
[JsonSerializable(typeof(ReviewRejected))]
[JsonSerializable(typeof(TaskAligned))]
[JsonSerializable(typeof(EvalAdded))]
[JsonSerializable(typeof(GateRefused))]
[JsonSerializable(typeof(ClaimChanged))]
[JsonSerializable(typeof(ClaimReleased))]
[JsonSerializable(typeof(SessionBound))]
[JsonSerializable(typeof(WorktreeBound))]
[JsonSerializable(typeof(WriteChecked))]
[JsonSerializable(typeof(ScopeViolation))]
[JsonSerializable(typeof(ChangeUnattributed))]
[JsonSerializable(typeof(ChangeAssigned))]
[JsonSerializable(typeof(LossAcknowledged))]
[JsonSerializable(typeof(CommitChecked))]
[JsonSerializable(typeof(CapabilityUsed))]
[JsonSerializable(typeof(CapabilityResult))]
[JsonSerializable(typeof(SessionStarted))]
[JsonSerializable(typeof(SessionStopped))]
[JsonSerializable(typeof(PromptSubmitted))]
[JsonSerializable(typeof(HookRecorded))]
[JsonSerializable(typeof(HookMalformed))]
[JsonSerializable(typeof(ContextPacked))]
[JsonSerializable(typeof(EvidenceRecorded))]
[JsonSerializable(typeof(ClaimChecked))]
[JsonSerializable(typeof(PostflightRecorded))]
[JsonSerializable(typeof(GovernanceSealed))]
[JsonSerializable(typeof(DoctorFixed))]
[JsonSerializable(typeof(ApprovalRecorded))]
[JsonSerializable(typeof(ServeDenied))]
[JsonSerializable(typeof(LedgerArchived))]
[JsonSerializable(typeof(RegistryChanged))]
[JsonSerializable(typeof(RegistryPolicySet))]
[JsonSerializable(typeof(RegistryProbed))]
public sealed partial class EventJson : JsonSerializerContext;
