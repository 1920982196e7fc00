using System.Text;
using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// What is injected at session start and after compaction so the intent survives: the task, its
/// spec's intent and bound requirements, scope, plan, and how to finish. The adapters' one call
/// site for the context-pack module.
/// </summary>
internal static class ContextPackText
{
    public static string For(Kernel kernel, TaskState task)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"KnowledgeOS context pack for {task.Id}: {task.Title} (phase {task.Phase.Name()})");
        if (!string.IsNullOrWhiteSpace(task.Intent))
        {
            sb.AppendLine($"Intent: {task.Intent}");
        }

        if (task.SpecId is not null)
        {
            try
            {
                var spec = new SpecCatalog(kernel.Project.SpecsDir).Load(task.SpecId, kernel.Project.Root);
                sb.AppendLine($"Spec {spec.Id}: {spec.Title}");
                foreach (var req in task.Requirements)
                {
                    if (spec.Find(req) is { } r)
                    {
                        sb.AppendLine($"  {r.Id}: {r.Text}");
                    }
                }
            }
            catch (KosException e)
            {
                sb.AppendLine($"Spec {task.SpecId}: could not be read ({e.Message})");
            }
        }

        sb.AppendLine($"Write scope (kos denies writes outside it): {string.Join(", ", task.Scope)}");
        if (task.Plan.Count > 0)
        {
            sb.AppendLine("Plan:");
            foreach (var step in task.Plan)
            {
                sb.AppendLine($"  - {(step.Requirements.Count > 0 ? string.Join(",", step.Requirements) + ": " : "")}{step.Text}");
            }
        }

        sb.AppendLine($"To finish: run 'kos eval-task {task.Id}' (kos runs the evals itself and records evidence), then 'kos complete-task {task.Id}'.");
        return sb.ToString();
    }
}
