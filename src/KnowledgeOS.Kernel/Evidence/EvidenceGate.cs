using KnowledgeOS.Gates;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Evidence;

/// <summary>Done: every required eval passed, on a working tree identical to the current one.</summary>
internal sealed class EvidenceGate : IGate
{
    public string Name => "evidence";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Done;

    public Enforcement Level(Strictness s) => GateRunner.Standard(s);

    public IEnumerable<string> Check(GateContext c) => EvidenceCheck.Problems(c.Project, c.Config, c.Ledger, c.Proposed);
}

/// <summary>Done: the task's own events show a legal walk through the phases on an intact chain.</summary>
internal sealed class LifecycleGate : IGate
{
    public string Name => "lifecycle";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Done;

    public Enforcement Level(Strictness s) => GateRunner.Standard(s);

    public IEnumerable<string> Check(GateContext c) =>
        LifecycleVerifier.Verify(c.Ledger, c.Current.Id, c.Config.Strictness).Problems
            .Select(p => p + $" (see 'kos verify-lifecycle {c.Current.Id}')");
}
