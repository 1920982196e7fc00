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

        var status = new Command("status", "Summarise the project: strictness, ledger, tasks by phase, active claims.");
        status.SetAction(pr => Status(ctx, pr.GetValue(CommonOptions.Json)));
        yield return status;
    }

    internal static int Init(CliContext ctx, bool json, bool startNewLedger = false)
    {
        var project = KosProject.Locate(ctx.Cwd);
        var known = LedgerIdentity.Read(project);
        var shared = StoreFactory.Url(KosConfig.Load(project.ConfigPath), ctx.Env) is not null;
        if (!shared && known is not null && !File.Exists(project.LedgerPath) && !startNewLedger)
        {
            throw KosException.Refused(
                $"This clone's ledger ({project.LedgerPath}, first event {known.GenesisId}) is missing. kos will not start a new one silently: " +
                "restore the ledger from a backup, or start a new ledger knowingly with 'kos init --new-ledger' (the new ledger records the one it replaces).");
        }

        var created = new List<string>();
        foreach (var dir in new[] { project.AgentOs, project.SpecsDir, project.TasksDir, project.StateDir })
        {
            if (!Directory.Exists(dir))
            {
                Directory.CreateDirectory(dir);
                created.Add(project.Relative(dir) + "/");
            }
        }

        created.AddRange(WriteIfMissing(project, project.ConfigPath, KosConfig.Template));
        created.AddRange(WriteIfMissing(project, Path.Combine(project.AgentOs, ".gitignore"), "# The ledger and caches are operational state, never committed.\nstate/\n"));
        var config = KosConfig.Load(project.ConfigPath);
        var registered = File.Exists(project.StoreMarkerPath);
        using (var store = StoreFactory.OpenOrCreate(project, config, ctx.Env, ctx.Clock))
        {
            if (shared && !registered)
            {
                created.Add($"{project.Relative(project.StoreMarkerPath)} (this clone joined project {StoreFactory.ProjectKey(project, config)} in {store.Location})");
            }

            if (store.Head() is null)
            {
                created.Add(shared ? "the project's ledger in " + store.Location : project.Relative(project.LedgerPath));
                using var kernel = new Kernel(project, config, store, ctx.Clock, [], ctx.Actor);
                store.Write(w => kernel.Append(w, EventCatalog.ProjectInitialised, null, new ProjectInitialised(project.Root, config.Strictness.Name(), shared ? null : known?.ToJson())));
                if (!shared)
                {
                    LedgerIdentity.Of(store)!.Write(project);
                }
            }
            else if (shared)
            {
                // The team store holds the project's history; this clone's identity file stays for its own SQLite ledger.
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

        if (json)
        {
            Output.Json(ctx, new JsonObject { ["root"] = project.Root, ["created"] = Output.Strings(created), ["alreadyInitialised"] = created.Count == 0 });
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

            ctx.Out.WriteLine("Next: kos create-spec \"Title\" --intent \"…\" --req \"…\"   (or kos create-task \"Fix typo\" --quick --scope README.md)");
        }

        return ExitCodes.Ok;
    }

    private static IEnumerable<string> WriteIfMissing(KosProject project, string path, string text)
    {
        if (File.Exists(path))
        {
            yield break;
        }

        File.WriteAllText(path, text);
        yield return project.Relative(path);
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
        if (StoreFactory.Url(k.Config, ctx.Env) is not null)
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
