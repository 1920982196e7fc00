using System.Collections;
using System.CommandLine;
using KnowledgeOS.Cli.Adapters.Install;
using KnowledgeOS.Cli.Launch;
using KnowledgeOS.Fence;
using KnowledgeOS.Launch;

namespace KnowledgeOS.Cli.Commands;

/// <summary>
/// <c>kos agent AGENT [--task T | --quick "TITLE" --scope GLOB] [-- AGENT-ARGS…]</c>: one command to run a governed
/// agent. The kernel takes the task and the fresh session (<see cref="KnowledgeOS.Launch.ILaunch.Prepare"/>) and plans the fence
/// (<see cref="FencePlan.ForTask"/>); this file translates them into the agent's argv and environment.
/// </summary>
internal static class AgentCommand
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var agent = new Argument<string>("agent") { Description = $"The agent to start: {AgentProfile.Names}." };
        var task = new Option<string?>("--task") { Description = "The task to work on (default: the one bound to this worktree, or the only one ready)." };
        var quick = new Option<string?>("--quick") { Description = "Create a quick task with this title (needs --scope) and work on it." };
        var scope = new Option<string[]>("--scope") { Description = "With --quick: the write scope (globs; repeat or comma-separate)." };
        var rest = new Argument<string[]>("agent-args") { Description = "After '--': passed to the agent unchanged.", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("agent", "Start an agent governed by kos: takes the task for a fresh session, sets the fence (the agent's OS sandbox), " +
                                       "and runs the agent bound to that session. Returns the agent's exit code.\n" +
                                       "Example: kos agent claude --quick \"Fix typo\" --scope README.md -- -p \"fix the typo\"")
        {
            agent, task, quick, scope, rest,
        };
        cmd.SetAction(pr => Run(ctx, pr.GetValue(agent)!, pr.GetValue(task), pr.GetValue(quick), CommonOptions.SplitList(pr.GetValue(scope)), pr.GetValue(rest) ?? []));
        yield return cmd;
    }

    private static int Run(CliContext ctx, string name, string? task, string? quick, List<string> scope, string[] passThrough)
    {
        var profile = AgentProfile.Find(name) ?? throw KosException.Input($"kos agent {name}: unknown agent; kos agent starts {AgentProfile.Names}.");
        if (profile.RefusedArgument(passThrough) is { } refused)
        {
            throw KosException.Input(refused + " Drop it and run again.");
        }

        var program = Fence.Sandbox.Which(profile.Program, ctx.Env("PATH"))
                      ?? throw KosException.Environment($"'{profile.Program}' is not on PATH: install {profile.Name} (or put it on PATH), then run 'kos agent {profile.Name}' again.");
        if (profile.Sandbox == SandboxKind.Bwrap && OperatingSystem.IsLinux() && Fence.Sandbox.Which("bwrap", ctx.Env("PATH")) is null)
        {
            throw KosException.Environment($"{profile.Name} has no OS sandbox usable here, so kos runs it under bubblewrap, which is not installed (install: {Fence.Sandbox.InstallCommand}).");
        }

        using var kernel = CommonOptions.OpenKernel(ctx);
        var project = kernel.Project;
        if (profile.Sandbox == SandboxKind.CodexProfile && Fence.CodexPermissions.Overridden(project.Root, ctx.Env) is { } overridden)
        {
            throw KosException.Environment(overridden);
        }

        EnsureHooks(ctx, profile, project.Root);
        var launch = kernel.Launch.Prepare(new LaunchRequest(profile.Name, task, quick, scope, ctx.Env("KOS_TASK")));
        var plan = FencePlan.ForTask(kernel, project, launch.Task);

        var env = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        env.Remove("KOS_ACTOR"); // the person's declared identity is not the agent's
        env["KOS_TASK"] = launch.Task.Id;
        env["KOS_SESSION"] = launch.Session;
        env["KOS_AGENT"] = profile.Name;
        env["PWD"] = project.Root;
        env["KOS_FENCED"] = "1"; // its shell cannot write the ledger: kos's texts name the MCP tools
        var store = StoreReach.StoreVariables(env);
        var storeUrl = KnowledgeOS.Ledger.StoreFactory.Url(project, kernel.Config, ctx.Env);
        var teamStore = StoreReach.IsTeamStore(storeUrl);
        if (teamStore)
        {
            // The ledger is a database the sandbox cannot make read-only: the agent gets none of its secrets, and its hooks are answered outside.
            StoreReach.Scrub(env);
        }

        var hidden = teamStore ? StoreReach.Hidden(storeUrl!, n => store.GetValueOrDefault(n) ?? Environment.GetEnvironmentVariable(n)) : StoreSecrets.None;
        List<string> args = profile.SessionFlag is { } flag ? [flag, launch.Session] : [];
        string fence;
        List<string>? bwrap = null;
        switch (profile.Sandbox)
        {
            case SandboxKind.ClaudeSettings:
                // The repository's fence (all active tasks) is the settings file Claude Code reads; kept in step from now on.
                var repoPlan = Fence.FenceUpdate.IsInstalled(project) ? Refreshed(kernel) : Fence.FenceUpdate.Install(kernel);
                fence = $"Claude Code's sandbox ({repoPlan.DenyWrite.Count} paths unwritable, {Path.GetRelativePath(project.Root, Adapters.Claude.ClaudeFence.SettingsPath(project.Root))})" +
                        (Fence.Sandbox.Missing() is { } missing ? $"; WARNING: {missing}" : "");
                break;
            case SandboxKind.CodexProfile:
                args.AddRange(Fence.CodexPermissions.Args(plan, project, launch.Task.Scope, SessionTemp(env, launch.Session), hidden));
                fence = $"Codex's sandbox, permission profile {Fence.CodexPermissions.Profile} (writable: {string.Join(", ", plan.WritableRoots(project, launch.Task.Scope).Select(w => Path.GetRelativePath(project.Root, w)))})";
                break;
            default:
                var writable = new List<string>();
                bwrap = Fence.Bwrap.Args(plan, project, launch.Task.Scope, SessionTemp(env, launch.Session), profile, env.GetValueOrDefault("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), writable, hidden.All);
                fence = $"bubblewrap (writable: {string.Join(", ", writable.Select(w => Path.GetRelativePath(project.Root, w)))}, TMPDIR)";
                break;
        }

        if (profile.Sandbox != SandboxKind.ClaudeSettings && Fence.FenceUpdate.IsInstalled(project))
        {
            Fence.FenceUpdate.Refresh(kernel); // the repository's Claude fence follows the new claim too
        }

        args.AddRange(passThrough);
        kernel.Dispose();
        ctx.Err.WriteLine($"kos: {profile.Name} works on {launch.Task.Id} (\"{launch.Task.Title}\"{(launch.Created ? ", created now" : "")}) as session {launch.Session}; " +
                          $"it may write {string.Join(", ", launch.Task.Scope)}; fence: {fence}.");
        Actors.AgentDetector.Mark(profile.Name, launch.Session, Environment.ProcessId);
        if (bwrap is not null || teamStore)
        {
            // kos stays outside to run the agent's hooks: under bubblewrap they run inside, where the ledger is read-only;
            // on the team store the agent's environment holds no database secret to run them with.
            KnowledgeOS.Ledger.StoreFactory.KeepConnections = true; // each hook the broker answers reuses a warm connection
            using var broker = Launch.HookBroker.Start(profile.Name, store);
            env[Launch.HookBroker.Variable] = broker.SocketPath;
            var code = bwrap is null
                ? ProcessExec.Spawn(program, args, env, project.Root)
                : ProcessExec.Spawn(Fence.Sandbox.Which("bwrap", ctx.Env("PATH"))!, [.. bwrap, "--", program, .. args], env, project.Root);
            if (env.TryGetValue("TMPDIR", out var tmp) && tmp.Contains("kos-agent-", StringComparison.Ordinal))
            {
                try
                {
                    Directory.Delete(tmp, recursive: true); // the session's temporary folder ends with it
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }

            return code;
        }

        var why = ProcessExec.Exec(program, args, env, project.Root);
        throw KosException.Environment($"could not start {profile.Name}: {why}.");
    }

    /// <summary>A temporary folder of the session's own (TMPDIR), the one writable place outside the scope in a sandbox.</summary>
    private static string SessionTemp(Dictionary<string, string> env, string session)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kos-agent-" + session);
        Directory.CreateDirectory(dir);
        env["TMPDIR"] = dir;
        return dir;
    }

    private static FencePlan Refreshed(Kernel kernel)
    {
        Fence.FenceUpdate.Refresh(kernel);
        return FencePlan.For(kernel, kernel.Project);
    }

    /// <summary>
    /// The agent's hooks, where the agent will run them: when no installed copy will fire (none installed, or only in a
    /// project the agent does not trust), kos installs them at the agent's <see cref="AgentProfile.HookScope"/> and says
    /// so; if even those will not fire, it warns (the sandbox still fences the agent's writes, but nothing is recorded).
    /// </summary>
    private static void EnsureHooks(CliContext ctx, AgentProfile profile, string root)
    {
        var agent = profile.Name;
        var target = HookTargets.Find(agent)!;
        string? Fires(string scope)
        {
            var file = target.File(root, scope, ctx.Env);
            if (target.Installed(file).Count == 0)
            {
                return "not installed";
            }

            // kos agent codex passes --dangerously-bypass-hook-trust: Codex's own review of hooks does not hold them back.
            var why = target.WillNotFire(root, scope, file, ctx.Env);
            return why is not null && profile.Sandbox == SandboxKind.CodexProfile && why.StartsWith("NOT REVIEWED", StringComparison.Ordinal) ? null : why;
        }

        if (new[] { "project", "user" }.Any(s => Fires(s) is null))
        {
            return;
        }

        var r = target.Install(target.File(root, profile.HookScope, ctx.Env), HookTargets.KosCommand(ctx.Env));
        var where = profile.HookScope == "project" ? Path.GetRelativePath(root, r.File) : r.File;
        ctx.Err.WriteLine(r.Changed
            ? $"kos: {agent}'s hooks were not installed where {agent} runs them; installed them in {where} ({profile.HookScope} scope){(r.Backup is null ? "" : $" (backup: {r.Backup})")}."
            : $"kos: {agent}'s hooks are in {where}.");
        if (Fires(profile.HookScope) is { } still)
        {
            ctx.Err.WriteLine($"kos: warning: {agent} will not run kos's hooks: {still} The sandbox still fences its writes, but its tool calls go unrecorded and unchecked until this is fixed.");
        }
    }
}
