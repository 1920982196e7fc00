using System.CommandLine;
using KnowledgeOS.Cli.Commands;
using KnowledgeOS.Cli.Rendering;
using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Cli;

/// <summary>The <c>kos</c> command line: parsing, dispatch and the mapping of failures to exit codes.</summary>
public static class KosCli
{
    public static int Run(string[] args, CliContext ctx)
    {
        // The hook hot path: dispatched before the command tree is built (HookCommands has its own error handling).
        if (args.Length > 0 && args[0] == "hook")
        {
            return HookCommands.Run(args, ctx);
        }

        // Bare kos says what to do next (as 'kos next' does), rather than failing for want of a command.
        if (args.Length == 0)
        {
            args = ["next"];
        }

        // Commands provided by extension executables (kos-mcp) run there, before parsing here.
        return Extensions.Find(args) is { } extension
            ? Guarded(ctx, args, () => Extensions.Run(extension, args, ctx))
            : RunRoot(args, ctx, () => BuildRoot(ctx));
    }

    /// <summary>Parses and runs <paramref name="args"/> against a command tree, mapping failures to exit codes.</summary>
    public static int RunRoot(string[] args, CliContext ctx, Func<RootCommand> build) => Guarded(ctx, args, () =>
    {
        var parsed = build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var command = args.TakeWhile(a => !a.StartsWith('-')).Take(1).Select(c => c + " ").FirstOrDefault() ?? "";
            var details = parsed.Errors.Skip(1).Select(e => "kos: " + e.Message)
                .Concat(Suggest.For(parsed, args))
                .Append($"Run 'kos {command}--help' for usage.");
            return Errors.Report(ctx, Errors.WantsJson(args), ExitCodes.Input, Errors.Usage, parsed.Errors[0].Message, details);
        }

        return parsed.Invoke(new InvocationConfiguration { Output = ctx.Out, Error = ctx.Err, EnableDefaultExceptionHandler = false });
    });

    /// <summary>Runs a command body, turning the failures a user can act on into messages and exit codes.</summary>
    private static int Guarded(CliContext ctx, string[] args, Func<int> body)
    {
        var json = Errors.WantsJson(args);
        try
        {
            return body();
        }
        catch (KosException e)
        {
            var (exit, code) = e.Kind switch
            {
                KosErrorKind.Input => (ExitCodes.Input, Errors.Input),
                KosErrorKind.Refused => (ExitCodes.Refused, Errors.Refused),
                _ => (ExitCodes.Environment, Errors.Environment),
            };
            return Errors.Report(ctx, json, exit, code, e.Message);
        }
        catch (SqliteException e)
        {
            return Errors.Report(ctx, json, ExitCodes.Environment, Errors.Ledger,
                $"the ledger database reported an error: {e.Message} kos did not modify the file further; run 'kos trace verify' to check it.");
        }
        catch (IOException e)
        {
            return Errors.Report(ctx, json, ExitCodes.Environment, Errors.Io, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Errors.Report(ctx, json, ExitCodes.Environment, Errors.Io, e.Message);
        }
    }

    internal static RootCommand BuildRoot(CliContext ctx)
    {
        var root = new RootCommand("KnowledgeOS: the control plane for AI coding agents in this repository.");
        root.Options.Add(CommonOptions.Json);
        root.Options.Add(CommonOptions.Quiet);
        foreach (var command in ProjectCommands.Build(ctx)
                     .Concat(SpecCommands.Build(ctx))
                     .Concat(TaskCommands.Build(ctx))
                     .Concat(LifecycleCommands.Build(ctx))
                     .Concat(TraceCommands.Build(ctx))
                     .Concat(QuickstartCommand.Build(ctx))
                     .Concat(HookCommands.Build(ctx))
                     .Concat(EvidenceCommands.Build(ctx))
                     .Concat(PostflightCommands.Build(ctx))
                     .Concat(ScopeCommands.Build(ctx))
                     .Concat(ClaimCommands.Build(ctx))
                     .Concat(ContextCommands.Build(ctx))
                     .Concat(RegistryCommands.Build(ctx)))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
