using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Git;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Adapters.Git;

/// <summary>
/// <c>kos hook git pre-commit</c>: every staged file must fall inside the scope of an active task
/// (the one named by KOS_TASK / claimed by KOS_SESSION, else any task in execute or report);
/// protected paths are never committed. A KOS_TASK (or session) naming a task that is not executing
/// is ignored: a done task's scope is no licence. With no active task at all, people commit freely;
/// an agent (recognised by its context) never does. Exit codes are git's: non-zero aborts the commit.
/// </summary>
internal static class GitHooks
{
    public static readonly string[] Events = ["pre-commit"];

    public static HookReply Run(string eventName, CliContext ctx)
    {
        if (eventName != "pre-commit")
        {
            return HookReply.Silent;
        }

        var project = GitRepository.Find(ctx.Cwd) is null ? null : KosProject.Locate(ctx.Cwd);
        if (project is not { IsInitialised: true })
        {
            return HookReply.Silent;
        }

        using var kernel = Kernel.Open(ctx.Cwd, ctx.Clock, "git:pre-commit", ctx.Session);
        if (kernel.Config.For("scope") == Strictness.Off)
        {
            return HookReply.Silent;
        }

        var staged = GitCli.Run(project.Root, "diff", "--cached", "--name-only", "-z", "--no-renames").Stdout
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var tasks = ActiveTasks(kernel, ctx);
        var problems = new List<string>();
        if (tasks.Count == 0 && ctx.Agent is { } agent && staged.Length > 0)
        {
            problems.Add($"{agent.Actor} has no executing task, and an agent's commit needs one ({agent.Evidence})");
        }

        var protectedPaths = kernel.Writes.Protected;
        foreach (var file in staged)
        {
            if (Scopes.OwnWrites.IsOwn(kernel.Store, project.Root, file, Scopes.Reconciler.Digest(Path.Combine(project.Root, file))))
            {
                // A task record or spec exactly as kos wrote it.
                continue;
            }

            if (protectedPaths.Why(file) is { } why)
            {
                problems.Add(why);
            }
            else if (tasks.Count > 0 && !tasks.Any(t => Scopes.ViolationGate.Covers(protectedPaths, t, file)))
            {
                problems.Add($"{file} is outside the scope of {string.Join(" and ", tasks.Select(t => $"{t.Id} ({string.Join(", ", t.Scope)})"))}");
            }
        }

        kernel.Store.Write(w => kernel.Append(w, problems.Count > 0 ? EventCatalog.CommitRefused : EventCatalog.CommitChecked, tasks.Count == 1 ? tasks[0].Id : null,
            new CommitChecked(staged, tasks.Select(t => t.Id).ToList(), problems, ctx.Agent?.Actor)));
        if (problems.Count == 0)
        {
            return HookReply.Silent;
        }

        var message = "kos: commit refused:\n" + string.Join("\n", problems.Select(p => "  " + p)) +
                      "\nUnstage those files (git restore --staged FILE), or re-route the task to cover them ('kos route-task T-… --scope …').\n";
        return kernel.Config.For("scope") == Strictness.Advisory ? new HookReply("", message.Replace("refused", "would be refused", StringComparison.Ordinal), 0) : new HookReply("", message, 1);
    }

    private static List<TaskState> ActiveTasks(Kernel kernel, CliContext ctx)
    {
        if (Claims.SessionBinding.Resolve(kernel, kernel.Store, ctx.Session, ctx.Env("KOS_TASK"), ctx.Env("KOS_SESSION")) is { Phase: Phase.Execute or Phase.Report } named)
        {
            return [named];
        }

        return kernel.Store.ListTasks().Where(r => r.Phase is "execute" or "report")
            .Select(r => kernel.FindTask(kernel.Store, r.Id)!).ToList();
    }
}
