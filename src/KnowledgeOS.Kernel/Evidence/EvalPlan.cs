using KnowledgeOS.Project;
using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Evidence;

/// <summary>Which evals a task must pass: its spec's acceptance commands, its own, and the config defaults.</summary>
public static class EvalPlan
{
    public static IReadOnlyList<EvalSpec> For(KosProject project, KosConfig config, TaskState task)
    {
        var evals = new List<EvalSpec>();
        if (task.SpecId is not null && new SpecCatalog(project.SpecsDir).FindFile(task.SpecId) is { } file
            && SpecCatalog.TryLoad(file).Spec is { } spec)
        {
            evals.AddRange(spec.Acceptance.Select(c => new EvalSpec(c, "spec " + spec.Id)));
        }

        evals.AddRange(task.Evals.Select(c => new EvalSpec(c, "task")));
        evals.AddRange(config.DefaultEvals.Select(c => new EvalSpec(c, "config")));
        return evals
            .Where(e => !string.IsNullOrWhiteSpace(e.Command))
            .Select(e => e with { Command = e.Command.Trim() })
            .DistinctBy(e => e.Command, StringComparer.Ordinal)
            .ToList();
    }
}
