using System.CommandLine;
using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Commands;

/// <summary><c>kos store migrate --to URL</c> and <c>kos store export --out FILE</c>.</summary>
internal static class StoreCommands
{
    public static IEnumerable<Command> Build(CliContext ctx)
    {
        var store = new Command("store", "Move the ledger between the embedded SQLite file and a team store (PostgreSQL).");

        var to = new Option<string>("--to") { Description = "The target store: postgresql://USER@HOST:PORT/DB (password from the URL, PGPASSWORD or ~/.pgpass).", Required = true };
        var migrate = new Command("migrate", "Copy this project's ledger into another store, the chain verified before and after.") { to };
        migrate.SetAction(pr => Run(ctx, pr.GetValue(CommonOptions.Json), (p, c) => StoreMoves.Migrate(p, c, ctx.Env, ctx.Clock, pr.GetValue(to)!),
            "Point every clone at it: set KOS_STORE, or [store] url in .agent-os/config.toml (without the password), then run 'kos init' in each clone."));
        store.Subcommands.Add(migrate);

        var output = new Option<string>("--out") { Description = "The SQLite file to write (must not exist).", Required = true };
        var export = new Command("export", "Write this project's ledger out to a new SQLite file, the chain verified before and after.") { output };
        export.SetAction(pr => Run(ctx, pr.GetValue(CommonOptions.Json), (p, c) => StoreMoves.Export(p, c, ctx.Env, ctx.Clock, Path.GetFullPath(pr.GetValue(output)!, ctx.Cwd)),
            "The file is a complete kos ledger: put it at .agent-os/state/ledger.db (and unset KOS_STORE / [store] url) to work from it."));
        store.Subcommands.Add(export);
        yield return store;
    }

    private static int Run(CliContext ctx, bool json, Func<KosProject, KosConfig, StoreCopyReport> move, string next)
    {
        var project = KosProject.LocateInitialised(ctx.Cwd);
        var r = move(project, KosConfig.Load(project.ConfigPath));
        if (json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["from"] = r.From,
                ["to"] = r.To,
                ["events"] = r.Events,
                ["tasks"] = r.Tasks,
                ["records"] = r.Records,
                ["head"] = r.HeadHash,
            });
        }
        else
        {
            ctx.Out.WriteLine($"STORE_COPY_OK {r.Events} events head {r.HeadHash} ({r.Tasks} tasks, {r.Records} records)");
            ctx.Out.WriteLine($"  from {r.From}");
            ctx.Out.WriteLine($"  to   {r.To}");
            ctx.Out.WriteLine(next);
        }

        return ExitCodes.Ok;
    }
}
