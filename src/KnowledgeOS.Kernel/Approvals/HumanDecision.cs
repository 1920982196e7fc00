using KnowledgeOS.Project;

namespace KnowledgeOS.Approvals;

/// <summary>The decisions that belong to people. From an agent's context each becomes an approval request.</summary>
public enum HumanDecision
{
    Review,
    Route,
    Block,
    Reopen,
    Abandon,
    QuickTask,
    ReleaseOther,
    AcceptDrift,
    RegistryPolicy,
    Hooks,
    Init,
    Config,
    DoctorFix,
    Complete,
    AssignChange,
    AcknowledgeLoss,
    LaunchAgent,
    ArchiveLedger,
    AcceptGovernance,
}

/// <summary>The rule: which decisions are people's, in which strictness, and how each reads.</summary>
public static class HumanDecisions
{
    /// <summary>
    /// Every decision in the set is a person's in every strictness but <c>off</c>, except completion:
    /// completing is gated by fresh evidence, the lifecycle and postflight (the gates, not the actor,
    /// carry the authority), so an agent may complete in standard and advisory mode; in strict mode a
    /// person completes. Accepting changed governance is a person's even in <c>off</c>: the strictness in the config
    /// is one of the things it accepts, so an agent that lowered it could otherwise accept its own change.
    /// </summary>
    public static bool IsHumanOnly(HumanDecision decision, Strictness strictness) =>
        decision == HumanDecision.AcceptGovernance ||
        (strictness != Strictness.Off && (decision != HumanDecision.Complete || strictness == Strictness.Strict));

    public static string Name(this HumanDecision d) => d switch
    {
        HumanDecision.Review => "review",
        HumanDecision.Route => "route",
        HumanDecision.Block => "block",
        HumanDecision.Reopen => "reopen",
        HumanDecision.Abandon => "abandon",
        HumanDecision.QuickTask => "quick-task",
        HumanDecision.ReleaseOther => "release-other",
        HumanDecision.AcceptDrift => "accept-drift",
        HumanDecision.RegistryPolicy => "registry-policy",
        HumanDecision.Hooks => "hooks",
        HumanDecision.Init => "init",
        HumanDecision.Config => "config",
        HumanDecision.DoctorFix => "doctor-fix",
        HumanDecision.AssignChange => "assign-change",
        HumanDecision.AcknowledgeLoss => "acknowledge-loss",
        HumanDecision.LaunchAgent => "launch-agent",
        HumanDecision.ArchiveLedger => "archive-ledger",
        HumanDecision.AcceptGovernance => "accept-governance",
        _ => "complete",
    };

    public static string Describe(this HumanDecision d) => d switch
    {
        HumanDecision.Review => "approving or rejecting a plan",
        HumanDecision.Route => "routing a task or changing its write scope",
        HumanDecision.Block => "blocking a task",
        HumanDecision.Reopen => "reopening a task",
        HumanDecision.Abandon => "abandoning a task",
        HumanDecision.QuickTask => "creating a quick task with a write scope",
        HumanDecision.ReleaseOther => "releasing another session's claim",
        HumanDecision.AcceptDrift => "accepting spec drift",
        HumanDecision.RegistryPolicy => "changing a capability's policy",
        HumanDecision.Hooks => "installing or removing hooks",
        HumanDecision.Init => "initialising kos",
        HumanDecision.Config => "changing strictness or configuration",
        HumanDecision.DoctorFix => "letting doctor delete or repair files",
        HumanDecision.AssignChange => "assigning a change kos could not attribute to one agent session",
        HumanDecision.AcknowledgeLoss => "acknowledging that an agent discarded uncommitted work",
        HumanDecision.LaunchAgent => "starting an agent session with 'kos agent' (it claims a task, may create one, and sets the fence)",
        HumanDecision.ArchiveLedger => "archiving old ledger events (they leave the live ledger for an archive file)",
        HumanDecision.AcceptGovernance => "accepting changed configuration or hook entries as governance",
        _ => "completing a task (strict mode)",
    };
}
