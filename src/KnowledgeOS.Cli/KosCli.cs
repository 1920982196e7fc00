using System.CommandLine;
using KnowledgeOS.Cli.Commands;
using System.Data.Common;
using KnowledgeOS.Cli.Rendering;

namespace KnowledgeOS.Cli;

/// <summary>The <c>kos</c> command line: parsing, dispatch and the mapping of failures to exit codes.</summary>
public static class KosCli
{
    /// <summary>The store engines beyond the embedded SQLite one (the hook path included: a team's hooks need the team store).</summary>
    static KosCli()
    {
        Ledger.StoreFactory.Register(new Store.Postgres.PostgresStoreProvider());
        Governance.GovernanceSources.Register(new Adapters.Install.GovernanceReader());
    }

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
        var parsed = Help.KosHelp.Customise(build()).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var details = parsed.Errors.Skip(1).Select(e => "kos: " + e.Message)
                .Concat(Suggest.For(parsed, args))
                .Append(Suggest.UsageHint(parsed));
            return Errors.Report(ctx, Errors.WantsJson(args), ExitCodes.Input, Errors.Usage, parsed.Errors[0].Message, details);
        }

        // 'kos trace verfy': the word parsed as the task argument, though it is a mistyped subcommand.
        if (Suggest.SubcommandTaken(parsed) is { } typo)
        {
            return Errors.Report(ctx, Errors.WantsJson(args), ExitCodes.Input, Errors.Usage, $"Unrecognized command or argument '{typo.Token}'.",
                [typo.Hint, Suggest.UsageHint(parsed)]);
        }

        // Help runs nothing, so it needs no person's decision (and its required options may be absent).
        if (parsed.Action is not Help.KosHelp.WithExamples && Approvals.HumanOnlyGuard.Check(parsed, args, ctx) is { } refused)
        {
            return refused;
        }

        var code = parsed.Invoke(new InvocationConfiguration { Output = ctx.Out, Error = ctx.Err, EnableDefaultExceptionHandler = false });
        if (code == ExitCodes.Ok && Fence.FenceUpdate.Triggers.Contains(parsed.CommandResult.Command.Name))
        {
            Fence.FenceUpdate.RefreshAfter(ctx);
        }

        return code;
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
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 8 or 14 && args is { Length: > 0 })
        {
            // Inside the fence the ledger is read-only to the agent's shell: kos is reached through the broker.
            var tool = Approvals.HumanOnlyCommands.McpTool(args[0]);
            return Errors.Report(ctx, json, ExitCodes.Environment, Errors.Ledger,
                $"cannot write the ledger from here ({e.Message.Split('\n')[0].Trim()}): this shell runs inside the agent's sandbox, where kos's state is read-only. " +
                (tool is null
                    ? "Ask the user to run this command."
                    : $"Use the kos MCP server's '{tool}' tool instead (it runs outside the sandbox and records the same events as you)."));
        }
        catch (DbException e)
        {
            return Errors.Report(ctx, json, ExitCodes.Environment, Errors.Ledger,
                $"the ledger database reported an error: {e.Message} kos did not modify the ledger further; run 'kos trace verify' to check it.");
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
                     .Concat(GovernanceCommands.Build(ctx))
                     .Concat(ScopeCommands.Build(ctx))
                     .Concat(ClaimCommands.Build(ctx))
                     .Concat(ContextCommands.Build(ctx))
                     .Concat(RegistryCommands.Build(ctx))
                     .Concat(Approvals.ApprovalCommands.Build(ctx))
                     .Concat(StoreCommands.Build(ctx))
                     .Concat(LedgerCommands.Build(ctx))
                     .Concat(AgentCommand.Build(ctx)))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
