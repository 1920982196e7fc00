using System.CommandLine;

namespace KnowledgeOS.Cli.Commands;

/// <summary>Options every command shares.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as JSON (for agents and scripts).",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print only the ID of what the command creates or names (create-task, create-spec: the ID; add-eval: the task; eval-task: the run; note: the event; registry add: the key) or nothing (lifecycle moves); refusals and errors still go to stderr.",
        Recursive = true,
    };

    public static Argument<string?> TaskArgument() => new("task")
    {
        Description = "Task ID (a unique prefix is enough). Default: KOS_TASK, the task bound here ('kos bind'), or the only open task.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The task a command acts on: the one named, else the default (<see cref="KnowledgeOS.Tasks.ITaskLifecycle.Default"/>).</summary>
    public static string TaskId(CliContext ctx, Kernel k, string? given, string command) =>
        k.Tasks.Default(k.Store, given, ctx.Env("KOS_TASK"), ctx.Session, command).Id;

    public static string TaskId(CliContext ctx, Kernel k, ParseResult pr, Argument<string?> task) =>
        TaskId(ctx, k, pr.GetValue(task), pr.CommandResult.Command.Name);

    /// <summary>Opens the project's kernel (with all of its gates) as the acting user or agent.</summary>
    public static Kernel OpenKernel(CliContext ctx)
    {
        var k = Kernel.Open(ctx.Cwd, ctx.Clock, ctx.Actor, ctx.Session, env: ctx.Env);
        if (k.Store is Ledger.LedgerStore { Engine: Ledger.Sqlite.SqliteLedgerStore { Upgraded: { } u } })
        {
            ctx.Err.WriteLine($"kos: upgraded the ledger's format from {u.FromVersion} to {u.ToVersion}: {u.Events} events, the chain verified before and after " +
                              $"to the same head ({u.HeadHash[..Math.Min(12, u.HeadHash.Length)]}); {u.BytesBefore / 1024:N0} KiB before, {u.BytesAfter / 1024:N0} KiB after.");
        }

        return k;
    }

    /// <summary>Splits "R1,R2" and repeated options into one list.</summary>
    public static List<string> SplitList(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
