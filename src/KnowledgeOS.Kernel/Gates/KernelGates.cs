using KnowledgeOS.Evidence;
using KnowledgeOS.Project;
using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Gates;

/// <summary>The gates the kernel itself owns: spec binding, alignment, routing, plan coverage, review.</summary>
public static class KernelGates
{
    public static IReadOnlyList<IGate> All { get; } =
        [new SpecBindingGate(), new AlignmentGate(), new RouteGate(), new PlanCoverageGate(), new ReviewGate(),
         new EvidenceGate(), new LifecycleGate(), new Scopes.ScopeOverlapGate(), new Scopes.ViolationGate(),
         new Projections.ProjectionGate(), new Governance.GovernanceGate()];
}

/// <summary>Intake: a task serves a spec's requirements, unless it is a quick fix.</summary>
internal sealed class SpecBindingGate : IGate
{
    public string Name => "spec";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Intake;

    public Enforcement Level(Strictness s) => GateRunner.Standard(s);

    public IEnumerable<string> Check(GateContext c)
    {
        if (c.Proposed.SpecId is null && !c.Proposed.Quick)
        {
            yield return "the task is not bound to a spec: pass --spec S-… --req R1,… (or --quick for a small fix)";
        }
        else if (c.Proposed.SpecId is not null && c.Proposed.Requirements.Count == 0)
        {
            yield return $"the task names spec {c.Proposed.SpecId} but no requirements: pass --req R1,R2";
        }

        if (string.IsNullOrWhiteSpace(c.Proposed.Intent) && c.Proposed.SpecId is null)
        {
            yield return "the task has no intent: pass --intent \"what the user wants\"";
        }
    }
}

/// <summary>Every move: a task bound to a spec must still match the spec version it was bound to.</summary>
internal sealed class AlignmentGate : IGate
{
    public string Name => "alignment";

    public bool AppliesTo(Phase from, Phase to) => to is not (Phase.Intake or Phase.Blocked or Phase.Abandoned);

    public Enforcement Level(Strictness s) => GateRunner.Standard(s);

    public IEnumerable<string> Check(GateContext c)
    {
        if (c.Proposed.SpecId is null)
        {
            yield break;
        }

        var drift = SpecAlignment.Compare(c.Project, c.Ledger, c.Proposed);
        if (!drift.Aligned)
        {
            yield return $"spec {c.Proposed.SpecId} changed since the task was bound to it ({drift.Summary}); " +
                         $"review with 'kos align-spec {c.Proposed.Id}' and accept with 'kos align-spec {c.Proposed.Id} --accept'";
        }
    }
}

/// <summary>Route: a write scope, and in strict mode a named agent.</summary>
internal sealed class RouteGate : IGate
{
    public string Name => "route";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Route;

    public Enforcement Level(Strictness s) => GateRunner.Standard(s);

    public IEnumerable<string> Check(GateContext c)
    {
        if (c.Proposed.Scope.Count == 0)
        {
            yield return "the route has no write scope: pass --scope GLOB (for example --scope 'src/checkout/**')";
        }

        if (c.Proposed.Agent is null && c.Config.For(Name) == Strictness.Strict)
        {
            yield return "strict mode routes every task to a named agent: pass --agent NAME";
        }
    }
}

/// <summary>Plan: every bound requirement is served by some step (enforced in strict mode).</summary>
internal sealed class PlanCoverageGate : IGate
{
    public string Name => "plan-coverage";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Plan && from != Phase.Done && from != Phase.Abandoned;

    public Enforcement Level(Strictness s) => GateRunner.Standard(s, Strictness.Strict);

    public IEnumerable<string> Check(GateContext c)
    {
        var uncovered = PlanCoverage.Uncovered(c.Proposed);
        if (uncovered.Count > 0)
        {
            yield return $"no plan step covers {string.Join(", ", uncovered)}; add a step such as --step \"{uncovered[0]}: …\"";
        }
    }
}

/// <summary>Review: in strict mode a plan is approved by someone other than its planner before dispatch.</summary>
internal sealed class ReviewGate : IGate
{
    public string Name => "review";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Review || (to == Phase.Dispatch && from == Phase.Plan);

    public Enforcement Level(Strictness s) => s == Strictness.Strict ? Enforcement.Enforce : Enforcement.Skip;

    public IEnumerable<string> Check(GateContext c)
    {
        if (c.To == Phase.Dispatch)
        {
            yield return $"strict mode needs an approved review before dispatch: 'kos review-task {c.Proposed.Id} --approve --reviewer NAME'";
        }
        else if (c.Proposed.Reviewer is not null && string.Equals(c.Proposed.Reviewer, c.Proposed.Planner, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{c.Proposed.Reviewer} planned this task and cannot also review it in strict mode; ask another reviewer";
        }
    }
}
