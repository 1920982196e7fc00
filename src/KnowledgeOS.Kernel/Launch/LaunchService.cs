using KnowledgeOS.Claims;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Launch;

/// <summary>What <c>kos agent</c> asks for: an agent, and the task (named, a new quick one, or the default).</summary>
public sealed record LaunchRequest(string Agent, string? Task, string? QuickTitle, IReadOnlyList<string> QuickScope, string? EnvTask = null);

/// <summary>The task an agent is started on and the fresh session that holds its claim.</summary>
public sealed record AgentLaunch(TaskState Task, string Session, bool Created);

/// <summary>The <see cref="ILaunch"/> service, created once per kernel.</summary>
internal sealed class LaunchService(Kernel kernel) : ILaunch
{
    /// <summary>How long the claim <c>kos agent</c> takes lasts without activity (the agent's hooks renew it).</summary>
    public static readonly TimeSpan LaunchLease = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Takes the task for a fresh agent session (a UUID): creates the quick task (claimed by it), or
    /// claims the named or default task. A live claim held by a name that never acted through a hook
    /// (the placeholder of a quick task, a session given to dispatch) is handed over; a live claim of
    /// an agent that is working is refused. Refusals are <see cref="KosException"/>s naming the fix.
    /// </summary>
    public AgentLaunch Prepare(LaunchRequest request)
    {
        var session = Guid.NewGuid().ToString();
        if (request.QuickTitle is not null)
        {
            if (request.Task is not null)
            {
                throw KosException.Input("Pass either --task T-… (an existing task) or --quick \"TITLE\" --scope GLOB (a new one), not both.");
            }

            if (request.QuickScope.Count == 0)
            {
                throw KosException.Input($"A quick task needs its write scope: kos agent {request.Agent} --quick \"{request.QuickTitle}\" --scope GLOB");
            }

            var created = kernel.Tasks.Create(new NewTask(request.QuickTitle, null, null, [], [], true, request.QuickScope, session, request.Agent));
            if (!created.Ok)
            {
                throw KosException.Refused($"the quick task was not created: {string.Join("; ", created.Refusals.Select(r => $"[{r.Gate}] {r.Reason}"))}");
            }

            return new AgentLaunch(created.Task, session, true);
        }

        if (request.QuickScope.Count > 0)
        {
            throw KosException.Input("--scope goes with --quick \"TITLE\" (a new quick task); an existing task keeps the scope it was routed with.");
        }

        var id = request.Task ?? request.EnvTask ?? LaunchDefault(request.Agent).Id;
        return kernel.Store.Write(w =>
        {
            var task = kernel.Tasks.Resolve(w, id);
            if (task.Phase is not (Phase.Plan or Phase.Review or Phase.Dispatch or Phase.Execute))
            {
                throw KosException.Refused($"{task.Id} is in phase {task.Phase.Name()}: an agent works on a planned, reviewed or dispatched task. " +
                                           $"'kos show {task.Id}' says where it is; 'kos agent {request.Agent} --quick \"TITLE\" --scope GLOB' starts a small fix instead.");
            }

            if (task.Claim is { } held && Leases.IsLive(held, kernel.Clock.GetUtcNow()) && w.GetRecord(SessionBinding.RecordKind, held.Session) is null)
            {
                return new AgentLaunch(kernel.Claims.HandOver(w, task, session, request.Agent, "kos agent started a session for the task"), session, false);
            }

            var claimed = kernel.Claims.Take(w, task, session, request.Agent, LaunchLease);
            if (!claimed.Ok)
            {
                throw KosException.Refused(string.Join("; ", claimed.Refusals.Select(r => r.Reason)) +
                                           (task.Claim is not null ? $" (an agent is working on it; 'kos release {task.Id}' frees it once it has stopped)" : ""));
            }

            return new AgentLaunch(claimed.Task, session, false);
        });
    }

    /// <summary>The task this work tree is bound to, else the only task an agent could start on now.</summary>
    private TaskState LaunchDefault(string agent)
    {
        if (WorktreeBinding.Read(kernel.Project) is { } bound && kernel.FindTask(kernel.Store, bound) is { } t)
        {
            return t;
        }

        var now = kernel.Clock.GetUtcNow();
        var candidates = kernel.Claims.Ready().Select(r => r.Task)
            .Concat(kernel.Store.ListTasks().Where(r => r.Phase is "dispatch" or "execute").Select(r => kernel.FindTask(kernel.Store, r.Id)!)
                .Where(t => t.Claim is { } c && Leases.IsLive(c, now) && kernel.Store.GetRecord(SessionBinding.RecordKind, c.Session) is null))
            .DistinctBy(t => t.Id).ToList();
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var fix = $"Name it: 'kos agent {agent} --task T-…', or start a small fix: 'kos agent {agent} --quick \"TITLE\" --scope GLOB'.";
        throw KosException.Input(candidates.Count == 0
            ? $"No task is ready for an agent here (none bound to this worktree, planned, or dispatched and idle). {fix}"
            : $"{candidates.Count} tasks are ready ({string.Join(", ", candidates.Take(5).Select(c => $"{c.Id} ({c.Title})"))}): kos will not guess. {fix}");
    }
}
