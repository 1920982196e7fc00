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

    public static Argument<string> TaskArgument() => new("task") { Description = "Task ID (a unique prefix is enough)." };

    /// <summary>Opens the project's kernel (with all of its gates) as the acting user or agent.</summary>
    public static Kernel OpenKernel(CliContext ctx) => Kernel.Open(ctx.Cwd, ctx.Clock, ctx.Actor, ctx.Session, env: ctx.Env);

    /// <summary>Splits "R1,R2" and repeated options into one list.</summary>
    public static List<string> SplitList(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
