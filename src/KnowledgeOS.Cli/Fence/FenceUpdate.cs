using KnowledgeOS.Claims;
using KnowledgeOS.Cli.Adapters.Claude;
using KnowledgeOS.Fence;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Fence;

/// <summary>
/// Keeps each fenced work tree's sandbox settings in step with the tasks: installed with the Claude
/// hooks, refreshed after every command that changes who may write where (dispatch, route, release,
/// complete, abandon, block, reopen, quick tasks, bind), removed with the hooks.
/// </summary>
internal static class FenceUpdate
{
    /// <summary>Commands after which the fences are refreshed.</summary>
    public static readonly HashSet<string> Triggers =
    [
        "dispatch-task", "route-task", "release", "complete-task", "abandon", "block", "reopen", "create-task", "report-task", "bind", "approve",
    ];

    private static string StateDir(KosProject project) => Path.Combine(project.StateDir, "fence");

    internal static string StatePath(KosProject project) => Path.Combine(StateDir(project), WorktreeBinding.NameOf(project) + ".json");

    public static bool IsInstalled(KosProject project) => File.Exists(StatePath(project));

    /// <summary>Fences this work tree (and keeps doing so on every later change). Returns what was written.</summary>
    public static FencePlan Install(Kernel kernel)
    {
        var plan = FencePlan.For(kernel, kernel.Project);
        var path = StatePath(kernel.Project);
        var state = FenceState.Read(path) ?? new FenceState { WorkTree = kernel.Project.Root };
        ClaudeFence.Apply(plan, state, Secrets(kernel));
        state.Write(path);
        Exclude(kernel.Project);
        Seal(kernel, kernel.Project);
        return plan;
    }

    public static bool Uninstall(KosProject project)
    {
        var path = StatePath(project);
        if (FenceState.Read(path) is not { } state)
        {
            return false;
        }

        var changed = ClaudeFence.Remove(project.Root, state);
        File.Delete(path);
        return changed;
    }

    /// <summary>After a command changed who may write where: refresh the fences, if this repository has any.</summary>
    public static void RefreshAfter(CliContext ctx)
    {
        var project = GitRepository.Find(ctx.Cwd) is null ? null : KosProject.Locate(ctx.Cwd);
        if (project is not { IsInitialised: true } || !Directory.Exists(StateDir(project)))
        {
            return;
        }

        try
        {
            using var kernel = Commands.CommonOptions.OpenKernel(ctx);
            Refresh(kernel);
        }
        catch (Exception e) when (e is KosException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            ctx.Err.WriteLine($"kos: warning: the agents' sandbox settings could not be updated: {e.Message} Run 'kos hooks install --agent claude' to rewrite them.");
        }
    }

    /// <summary>Re-plans every fenced work tree of the repository; a work tree that is gone is dropped.</summary>
    public static void Refresh(Kernel kernel)
    {
        var dir = StateDir(kernel.Project);
        if (!Directory.Exists(dir))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(dir, "*.json"))
        {
            if (FenceState.Read(file) is not { } state)
            {
                continue;
            }

            if (!Directory.Exists(state.WorkTree) || GitRepository.Find(state.WorkTree) is null)
            {
                File.Delete(file);
                continue;
            }

            var project = KosProject.Locate(state.WorkTree);
            ClaudeFence.Apply(FencePlan.For(kernel, project), state, Secrets(kernel));
            state.Write(file);
            Seal(kernel, project);
        }
    }

    /// <summary>Records the fence kos just wrote in the tree's governance record (only that file; a tree kos never recorded is left to init).</summary>
    private static void Seal(Kernel kernel, KosProject tree)
    {
        var file = Path.GetRelativePath(tree.Root, ClaudeFence.SettingsPath(tree.Root)).Replace('\\', '/');
        kernel.Governance.Seal(tree, "fence", new HashSet<string>(StringComparer.Ordinal) { "claude" }, config: false, file, create: false);
    }

    /// <summary>On the team store: its password files and local sockets, which the agent's shell must not read (<see cref="KnowledgeOS.Launch.StoreReach"/>).</summary>
    private static IReadOnlyList<string> Secrets(Kernel kernel) =>
        KnowledgeOS.Ledger.StoreFactory.Url(kernel.Project, kernel.Config, Environment.GetEnvironmentVariable) is { } url && KnowledgeOS.Launch.StoreReach.IsTeamStore(url)
            ? KnowledgeOS.Launch.StoreReach.Hidden(url, Environment.GetEnvironmentVariable).All
            : [];

    /// <summary>The settings file is per work tree and never committed.</summary>
    private static void Exclude(KosProject project)
    {
        var exclude = Path.Combine(project.Repository.MainWorkTree, ".git", "info", "exclude");
        const string line = ".claude/settings.local.json";
        var text = File.Exists(exclude) ? File.ReadAllText(exclude) : "";
        if (!text.Split('\n').Any(l => l.Trim() == line))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(exclude)!);
            File.AppendAllText(exclude, (text.Length > 0 && !text.EndsWith('\n') ? "\n" : "") + line + "\n");
        }
    }
}
