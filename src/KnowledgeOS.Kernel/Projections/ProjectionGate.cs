using KnowledgeOS.Gates;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Projections;

/// <summary>
/// Done: the task's projection (its row, scope index entry and evidence record) is what its events say. A phase,
/// scope, claim or evidence result edited in the database outside kos is not trusted to complete a task, in every
/// strictness but off.
/// </summary>
public sealed class ProjectionGate : IGate
{
    public string Name => "projection";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Done;

    public Enforcement Level(Strictness s) => s == Strictness.Off ? Enforcement.Skip : Enforcement.Enforce;

    public IEnumerable<string> Check(GateContext c)
    {
        var report = ProjectionCheck.Task(c.Ledger, c.Current.Id);
        foreach (var d in report.Drifts.Take(5))
        {
            yield return $"{d}; {ProjectionReport.Fix}";
        }

        if (report.Drifts.Count > 5)
        {
            yield return $"and {report.Drifts.Count - 5} more: 'kos trace verify' lists them";
        }
    }
}
