using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Ledger.Anchors;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>kos init</c> and <c>kos status</c>.</summary>
internal static class ProjectCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var newLedger = new Option<bool>("--new-ledger") { Description = "Start a new ledger although this clone had one (it is missing or was replaced); the new ledger records which one it replaces." };
        var init = new Command("init", "Create .agent-os/ (config, specs, tasks, the ledger) in this git repository. Safe to re-run.") { newLedger };
        init.SetAction(pr => Init(ctx, pr.GetValue(CommonOptions.Json), pr.GetValue(newLedger)));
        yield return init;

        var next = new Command("next", "Say what to do next here: set up, create a task, or move the current task on. Bare 'kos' does the same.");
        next.SetAction(pr => Next(ctx, pr.GetValue(CommonOptions.Json)));
        yield return next;

        var status = new Command("status", "Summarise the project: strictness, ledger, tasks by phase, active claims.");
        status.SetAction(pr => Status(ctx, pr.GetValue(CommonOptions.Json)));
        yield return status;
    }

    internal static int Init(CliContext ctx, bool json, bool startNewLedger = false)
    {
        var project = KosProject.Locate(ctx.Cwd);
        var known = LedgerIdentity.Read(project);
        var shared = StoreFactory.Url(project, KosConfig.Load(project.ConfigPath), ctx.Env) is not null;
        if (!shared && known is not null && !File.Exists(project.LedgerPath) && !startNewLedger)
        {
            throw KosException.Refused(
                $"This clone's ledger ({project.LedgerPath}, first event {known.GenesisId}) is missing. kos will not start a new one silently: " +
                "restore the ledger from a backup, or start a new ledger knowingly with 'kos init --new-ledger' (the new ledger records the one it replaces).");
        }

        var created = new List<string>();
        var made = new List<string>();
        (string Command, string Source)? noticed;
        try
        {
            CreateLayout(ctx, project, known, created, made, out noticed);
        }
        catch (Exception)
        {
            // All or nothing: a failed init (no SQLite, a full disk, a bad path) leaves no half-made .agent-os/.
            RollBack(made);
            throw;
        }

        using (var sealer = CommonOptions.OpenKernel(ctx))
        {
            if (Governance.GovernanceSeal.Read(sealer.Store, project) is null)
            {
                // The first record of governance in this work tree: the config and every hook entry kos finds here.
                sealer.Governance.SealAll(project, "init");
            }
        }

        if (json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["root"] = project.Root,
                ["created"] = Output.Strings(created),
                ["alreadyInitialised"] = created.Count == 0,
                ["testCommand"] = noticed?.Command,
                ["testCommandSource"] = noticed?.Source,
            });
        }
        else if (created.Count == 0)
        {
            ctx.Out.WriteLine($"KnowledgeOS is already initialised in {project.Root}; nothing changed.");
        }
        else
        {
            ctx.Out.WriteLine($"Initialised KnowledgeOS in {project.Root}:");
            foreach (var c in created)
            {
                ctx.Out.WriteLine("  created " + c);
            }

            if (noticed is { } t)
            {
                ctx.Out.WriteLine($"Noticed the project's test command in {t.Source}: every task's evals run '{t.Command}' (config.toml [evals] default).");
            }

            ctx.Out.WriteLine("Next: kos create-spec \"Title\" --intent \"…\" --req \"…\"   (or kos create-task \"Fix typo\" --quick --scope README.md)");
        }

        return ExitCodes.Ok;
    }

    private static void CreateLayout(CliContext ctx, KosProject project, LedgerIdentity? known, List<string> created, List<string> made, out (string Command, string Source)? noticed)
    {
        noticed = null;
        foreach (var dir in new[] { project.AgentOs, project.SpecsDir, project.TasksDir, project.StateDir })
        {
            if (!Directory.Exists(dir))
            {
                made.Add(dir + "/");
                Directory.CreateDirectory(dir);
                created.Add(project.Relative(dir) + "/");
            }
        }

        var config = File.Exists(project.ConfigPath) ? null : TestCommand.Detect(project.Root);
        WriteIfMissing(project, project.ConfigPath, config is { } t ? TestCommand.ConfigWith(KosConfig.Template, t.Command) : KosConfig.Template, created, made);
        if (config is { } found)
        {
            noticed = found;
        }

        WriteIfMissing(project, Path.Combine(project.AgentOs, ".gitignore"), "# The ledger and caches are operational state, never committed.\nstate/\n", created, made);
        var loaded = KosConfig.Load(project.ConfigPath);
        var shared = StoreFactory.Url(project, loaded, ctx.Env) is not null;
        var registered = File.Exists(project.StoreMarkerPath);
        if (!shared && !File.Exists(project.LedgerPath))
        {
            made.Add(project.LedgerPath);
        }
        else if (shared && !registered)
        {
            made.Add(project.StoreMarkerPath);
        }

        using var store = StoreFactory.OpenOrCreate(project, loaded, ctx.Env, ctx.Clock);
        if (shared && !registered)
        {
            created.Add($"{project.Relative(project.StoreMarkerPath)} (this clone joined project {StoreFactory.ProjectKey(project, loaded)} in {store.Location})");
        }

        if (store.Head() is null)
        {
            created.Add(shared ? "the project's ledger in " + store.Location : project.Relative(project.LedgerPath));
            using var kernel = new Kernel(project, loaded, store, ctx.Clock, [], ctx.Actor);
            store.Write(w =>
            {
                var seal = kernel.Governance.SealAtInit(w, project);
                return kernel.Append(w, EventCatalog.ProjectInitialised, null,
                    new ProjectInitialised(project.Root, loaded.Strictness.Name(), shared ? null : known?.ToJson(), seal.Config, seal.Entries));
            });
            LedgerIdentity.Of(store)!.Write(project);
        }
        else if (shared)
        {
            // The clone joins the project's history in the team store. Its identity (kept in git's data) is what keeps
            // the repository governed if .agent-os/ is removed; an identity from an earlier SQLite ledger stays as it is.
            if (known is null)
            {
                LedgerIdentity.Of(store)?.Write(project);
            }
        }
        else if (known is null)
        {
            // A ledger from before identities were kept: this clone adopts it.
            LedgerIdentity.Of(store)?.Write(project);
        }
        else if (LedgerIdentity.Of(store) is { } actual && actual != known)
        {
            throw KosException.Refused(
                $"The ledger at {project.LedgerPath} is not this clone's ledger: it starts with event {actual.GenesisId}, but this clone's started with {known.GenesisId} " +
                "(it was replaced or re-initialised). Put the original back, or ask the user to run 'kos init --new-ledger' after moving this one aside.");
        }
    }

    private static void WriteIfMissing(KosProject project, string path, string text, List<string> created, List<string> made)
    {
        if (File.Exists(path))
        {
            return;
        }

        made.Add(path);
        File.WriteAllText(path, text);
        created.Add(project.Relative(path));
    }

    /// <summary>Removes what this init made, newest first: files (a ledger with its -wal/-shm), and folders (ending in /).</summary>
    private static void RollBack(List<string> made)
    {
        for (var i = made.Count - 1; i >= 0; i--)
        {
            var path = made[i];
            try
            {
                if (path.EndsWith('/'))
                {
                    path = path.TrimEnd('/');
                    Directory.Delete(path, recursive: true);
                    continue;
                }

                foreach (var f in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
                {
                    File.Delete(f);
                }
            }
            catch (IOException)
            {
                // Best effort: the original failure is what the user needs to see.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>What to do next; never an error (exit 0), since the answer is the result.</summary>
    private static int Next(CliContext ctx, bool json)
    {
        var (state, task, steps) = NextSteps(ctx);
        if (json)
        {
            Output.Json(ctx, new JsonObject { ["state"] = state, ["task"] = task, ["next"] = Output.Strings(steps) });
            return ExitCodes.Ok;
        }

        foreach (var step in steps)
        {
            ctx.Out.WriteLine(step);
        }

        ctx.Out.WriteLine("(kos --help lists every command.)");
        return ExitCodes.Ok;
    }

    private static (string State, string? Task, List<string> Steps) NextSteps(CliContext ctx)
    {
        if (GitRepository.Find(ctx.Cwd) is null)
        {
            return ("no-repository", null, [$"{ctx.Cwd} is not in a git repository. Next: git init && kos init"]);
        }

        var project = KosProject.Locate(ctx.Cwd);
        if (!project.IsInitialised)
        {
            return ("not-initialised", null, ["KnowledgeOS is not set up here. Next: kos init"]);
        }

        using var k = CommonOptions.OpenKernel(ctx);
        var open = k.Store.ListTasks().Where(t => t.Phase is not ("done" or "abandoned")).ToList();
        TaskState? current = null;
        try
        {
            current = open.Count == 0 && ctx.Env("KOS_TASK") is null ? null : k.Tasks.Default(k.Store, null, ctx.Env("KOS_TASK"), ctx.Session, "next");
        }
        catch (KosException)
        {
            // Several open tasks and none bound: list them below.
        }

        if (current is not null)
        {
            return ("task", current.Id, [$"{current.Id}  {current.Title}  (phase {current.Phase.Name()})", "Next: " + NextStep.For(current, k.Config.DefaultEvals.Count > 0)]);
        }

        if (open.Count == 0)
        {
            return ("no-tasks", null,
            [
                "No open tasks. Next, one of:",
                "  kos create-task \"Fix typo\" --quick --scope README.md     (a small fix: ready to work on at once)",
                "  kos create-spec \"Title\" --intent \"…\" --req \"…\"          (a feature: spec first, then tasks)",
            ]);
        }

        var lines = new List<string> { $"{open.Count} open tasks; pick one with 'kos bind T-…' (or pass it to each command):" };
        lines.AddRange(open.Take(10).Select(t => $"  {t.Id}  {t.Phase,-8}  {t.Title}"));
        return ("several-tasks", null, lines);
    }

    private static int Status(CliContext ctx, bool json)
    {
        using var k = CommonOptions.OpenKernel(ctx);
        var rows = k.Store.ListTasks();
        var head = k.Store.Head();
        var byPhase = rows.GroupBy(r => r.Phase).OrderBy(g => PhaseNames.TryParse(g.Key, out var p) ? (int)p : 99).ToList();
        var active = rows.Where(r => PhaseNames.TryParse(r.Phase, out var p) && p.IsActive()).ToList();
        if (json)
        {
            var phases = new JsonObject();
            foreach (var g in byPhase)
            {
                phases[g.Key] = g.Count();
            }

            Output.Json(ctx, new JsonObject
            {
                ["root"] = k.Project.Root,
                ["strictness"] = k.Config.Strictness.Name(),
                ["store"] = k.Store.Location,
                ["events"] = head?.Seq ?? 0,
                ["head"] = head?.Hash,
                ["tasks"] = rows.Count,
                ["phases"] = phases,
                ["active"] = Output.Strings(active.Select(a => a.Id)),
            });
            return ExitCodes.Ok;
        }

        ctx.Out.WriteLine($"KnowledgeOS  {k.Project.Root}");
        ctx.Out.WriteLine($"strictness   {k.Config.Strictness.Name()}");
        ctx.Out.WriteLine($"ledger       {head?.Seq ?? 0} events, head {head?.ShortHash ?? "-"}");
        if (StoreFactory.Url(k.Project, k.Config, ctx.Env) is not null)
        {
            ctx.Out.WriteLine($"store        {k.Store.Location}");
        }

        ctx.Out.WriteLine($"tasks        {rows.Count}" + (byPhase.Count > 0 ? "  (" + string.Join(", ", byPhase.Select(g => $"{g.Key} {g.Count()}")) + ")" : ""));
        foreach (var a in active.Take(20))
        {
            ctx.Out.WriteLine($"  {a.Id}  {a.Phase,-8}  {a.Session ?? "-",-14}  {a.Title}");
        }

        return ExitCodes.Ok;
    }
}
