using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KnowledgeOS.Events;

/// <summary>
/// What every event payload carries besides its own fields: the version of its schema
/// (<see cref="EventCatalog.SchemaVersion"/>). Events recorded before the catalogue have none.
/// </summary>
public abstract record EventPayload
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = EventCatalog.SchemaVersion;
}

// Project, specs, notes.
/// <summary><see cref="Replaces"/>: the ledger identity a re-initialisation replaced (<c>kos init --new-ledger</c>).</summary>
/// <summary><see cref="Config"/> and <see cref="Governance"/>: the first governance record (as <see cref="GovernanceSealed"/>), when kos recorded one.</summary>
public sealed record ProjectInitialised(string Root, string Strictness, JsonNode? Replaces = null, string? Config = null, IReadOnlyList<SealedEntry>? Governance = null) : EventPayload;

public sealed record RequirementLine(string Id, string Text);

public sealed record SpecRecorded(string Spec, string Title, string Hash, string Path, string? Status, IReadOnlyList<RequirementLine> Requirements) : EventPayload;

public sealed record TaskAligned(string Spec, string? FromHash, string ToHash, IReadOnlyList<string> Requirements, IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed, IReadOnlyList<string> Changed) : EventPayload;

public sealed record NoteRecorded(string Text) : EventPayload;

// Tasks and the lifecycle: every phase change has one shape; each transition fills the fields it has.
public sealed record TaskMoved : EventPayload
{
    public required string Phase { get; init; }
    public string? From { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }
    public string? Title { get; init; }
    public string? Intent { get; init; }
    public string? Spec { get; init; }
    public string? SpecHash { get; init; }
    public IReadOnlyList<string>? Requirements { get; init; }
    public IReadOnlyList<string>? Evals { get; init; }
    public bool? Quick { get; init; }
    public IReadOnlyList<string>? Scope { get; init; }
    public string? Agent { get; init; }
    public IReadOnlyList<string>? Steps { get; init; }
    public IReadOnlyList<string>? Uncovered { get; init; }
    public string? Decision { get; init; }
    public string? Reviewer { get; init; }
    public string? Note { get; init; }
    public string? Session { get; init; }
    public string? LeaseUntil { get; init; }
    public string? Reason { get; init; }
}

public sealed record ReviewRejected(string Decision, string Reviewer, string? Note) : EventPayload;

public sealed record EvalAdded(string Command) : EventPayload;

public sealed record GateRefused(string Phase, string From, IReadOnlyList<string> Refusals, string? Holder = null) : EventPayload;

// Claims and sessions.
public sealed record ClaimChanged : EventPayload
{
    public required string Session { get; init; }
    public string? Agent { get; init; }
    public required string LeaseUntil { get; init; }
    public string? PreviousSession { get; init; }
    public string? PreviousLeaseUntil { get; init; }
    public string? Reason { get; init; }
    public string? By { get; init; }
    public string? Holder { get; init; }
}

public sealed record ClaimReleased(string Session, string LeaseUntil, string? Reason) : EventPayload;

public sealed record SessionBound(string Task, string Agent, string At, string? Worktree = null) : EventPayload;

public sealed record WorktreeBound(string Worktree, string Root) : EventPayload;

// Scopes.
public sealed record PathChecked(string Input, string? Path, bool Allowed, string Code, string Reason, string? Owner);

public sealed record WriteChecked(string Via, IReadOnlyList<PathChecked> Paths) : EventPayload;

public sealed record ScopeViolation(IReadOnlyList<string> Paths, IReadOnlyList<string> Reasons, string Cause, IReadOnlyList<string>? Scope, string? Worktree = null) : EventPayload;

/// <summary>Changes in a shared work tree that no one session can be named for: the sessions (and their tasks) that could have made them, and who saw them.</summary>
public sealed record ChangeUnattributed(IReadOnlyList<string> Paths, IReadOnlyList<string> Sessions, IReadOnlyList<string> Tasks, string SeenBy, string Cause, string? Worktree = null) : EventPayload;

public sealed record LossAcknowledged(string Path, string Task, string? Cause) : EventPayload;

public sealed record ChangeAssigned(string Path, string Task, bool InScope, string? Worktree, IReadOnlyList<string> Sessions) : EventPayload;

public sealed record CommitChecked(IReadOnlyList<string> Staged, IReadOnlyList<string> Tasks, IReadOnlyList<string> Problems, string? Agent = null) : EventPayload;

// Capabilities and hooks.
public sealed record CapabilityUsed : EventPayload
{
    public required string Capability { get; init; }
    public required string Kind { get; init; }
    public required string Outcome { get; init; }
    public string? Agent { get; init; }
    public string? Tool { get; init; }
    public string? HookEvent { get; init; }
    public string? SubagentId { get; init; }
    public IReadOnlyList<string>? Requirements { get; init; }
    public string? Entry { get; init; }
    public string? Orchestrator { get; init; }
    public string? Specialist { get; init; }
    public string? Verdict { get; init; }
    public string? Reason { get; init; }
    public string? Warning { get; init; }
    public JsonNode? Input { get; init; }
}

public sealed record CapabilityResult(string Capability, string Outcome, string Tool, string? SubagentId, JsonNode? Response, IReadOnlyList<string>? Redacted) : EventPayload;

public sealed record SessionStarted(string Agent, string? Source, string? Model, bool PackInjected, string? PackSha256, string? Cgroup = null) : EventPayload;

public sealed record SessionStopped(string Agent, string? SubagentId, bool StopHookActive, IReadOnlyList<string> Problems, JsonNode? LastMessage) : EventPayload;

public sealed record PromptSubmitted(string Agent, JsonNode? Prompt, IReadOnlyList<string>? Redacted) : EventPayload;

public sealed record HookRecorded(string Agent, string Event, JsonNode? Payload) : EventPayload;

public sealed record HookMalformed(string Agent, string Event, string Error, JsonNode? Payload) : EventPayload;

// Context, evidence, postflight.
public sealed record ContextPacked(string Hash, string Format, int Budget, int Tokens, string Estimate, IReadOnlyList<string> Dropped, bool OverBudget, JsonNode? Basis) : EventPayload;

public sealed record OutputDigest(string Sha256, long Bytes, string Tail);

public sealed record EvidenceRecorded : EventPayload
{
    public required string Run { get; init; }
    public required string Command { get; init; }
    public string? Source { get; init; }
    public int? ExitCode { get; init; }
    public bool Passed { get; init; }
    public string? Reason { get; init; }
    public long DurationMs { get; init; }
    public required OutputDigest Stdout { get; init; }
    public required OutputDigest Stderr { get; init; }
    public required string Output { get; init; }
    public string? Head { get; init; }
    public string? Tree { get; init; }
    public IReadOnlyList<string>? ChangedByEvals { get; init; }

    /// <summary>The git worktree the evals ran in (<c>_main</c> for the main work tree).</summary>
    public string? Worktree { get; init; }
}

public sealed record ClaimChecked(bool Ok, int Markers, IReadOnlyList<string> Forged, int Claims, IReadOnlyList<string> Unbacked) : EventPayload;

public sealed record PostflightRecorded(string? GitHead, string? Tree, int Tasks, string? LedgerHead, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes) : EventPayload;

/// <summary>The hash of one of kos's entries in an agent's configuration, where it is.</summary>
public sealed record SealedEntry(string Agent, string File, string Key, string Hash);

/// <summary>Governance kos wrote in work tree <see cref="Tree"/>: the config hash and strictness, and the hash of each of kos's entries.</summary>
public sealed record GovernanceSealed(string Reason, string Tree, string Config, string Strictness, IReadOnlyList<string> Agents, bool ConfigSealed, IReadOnlyList<SealedEntry> Entries) : EventPayload;

public sealed record DoctorFixed(IReadOnlyList<string> Actions) : EventPayload;

/// <summary>Events <see cref="First"/>..<see cref="Last"/> were sealed into an archive file and left the live ledger.</summary>
public sealed record LedgerArchived(long First, long Last, long Events, string PrevHash, string FirstHash, string LastHash, string File, string Sha256, long Bytes, string Before) : EventPayload;

// The approval queue (human-only commands an agent asked for).
public sealed record ApprovalRecorded(string Id, string Decision, IReadOnlyList<string>? Command = null, string? Evidence = null, string? RequestedBy = null, string? Note = null) : EventPayload;

// The workbench.
public sealed record ServeDenied(string Method, string Path, string Reason, string? Origin, string? Remote, int? UnrecordedBefore) : EventPayload;

// Registry.
/// <summary>A registry entry as stored (its fields inline, as <c>kos registry show</c> prints them) and its key.</summary>
public sealed record RegistryChanged : EventPayload
{
    public required string Key { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Entry { get; set; }
}

public sealed record RegistryPolicySet(string Key, string Policy, string Was) : EventPayload;

public sealed record ProbedToolTokens(string Name, int Tokens);

public sealed record RegistryProbed(string Key, bool Ok, string? Server, IReadOnlyList<ProbedToolTokens> Tools, int SchemaTokens, string? Error, string? Stderr) : EventPayload;
