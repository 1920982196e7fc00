using KnowledgeOS.Gates;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Claims;

/// <summary>A task that can be dispatched now, and whether that would be a takeover of a lapsed claim.</summary>
public sealed record ReadyTask(TaskState Task, bool Takeover, string Why);

internal sealed partial class ClaimService
{
    /// <summary>
    /// Tasks a session could dispatch right now: planned (and reviewed where review is required)
    /// with every dispatch gate passing (alignment, scope free…), or dispatched with no live claim.
    /// A dry run of the gates: nothing is recorded.
    /// </summary>
    public IReadOnlyList<ReadyTask> Ready()
    {
        var now = kernel.Clock.GetUtcNow();
        var ready = new List<ReadyTask>();
        foreach (var row in kernel.Store.ListTasks())
        {
            if (!PhaseNames.TryParse(row.Phase, out var phase) || phase is not (Phase.Plan or Phase.Review or Phase.Dispatch or Phase.Execute))
            {
                continue;
            }

            var task = kernel.FindTask(kernel.Store, row.Id)!;
            if (phase is Phase.Dispatch or Phase.Execute)
            {
                if (!Leases.IsLive(task.Claim, now))
                {
                    ready.Add(new ReadyTask(task, true, task.Claim is null ? "released; dispatch to claim it" : $"lease of {task.Claim.Session} ran out at {task.Claim.LeaseUntil}"));
                }

                continue;
            }

            var proposed = task with { Phase = Phase.Dispatch };
            var verdict = kernel.Gates.Run(new GateContext(task, proposed, Phase.Dispatch, kernel.Store, kernel.Project, kernel.Config, kernel.Clock, kernel.Actor));
            if (verdict.Passed)
            {
                ready.Add(new ReadyTask(task, false, phase == Phase.Review ? $"reviewed by {task.Reviewer}" : "planned"));
            }
        }

        return ready.OrderBy(r => r.Task.CreatedAt, StringComparer.Ordinal).ThenBy(r => r.Task.Id, StringComparer.Ordinal).ToList();
    }
}
