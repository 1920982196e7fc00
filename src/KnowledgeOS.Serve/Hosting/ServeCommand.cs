using System.CommandLine;
using System.Net;
using KnowledgeOS.Cli;
using KnowledgeOS.Cli.Commands;

namespace KnowledgeOS.Serve.Hosting;

/// <summary>The <c>serve</c> command: parses its options, refuses an agent's context, runs the workbench.</summary>
internal static class ServeCommand
{
    public const int DefaultPort = 7420;

    public static RootCommand Root(CliContext ctx)
    {
        var root = new RootCommand("kos-serve: the KnowledgeOS workbench (run through 'kos serve').");
        root.Options.Add(CommonOptions.Json);
        root.Subcommands.Add(Build(ctx));
        return root;
    }

    private static Command Build(CliContext ctx)
    {
        var port = new Option<int>("--port") { Description = $"The TCP port (default {DefaultPort}; 0 picks a free one).", DefaultValueFactory = _ => DefaultPort };
        var listen = new Option<string?>("--listen") { Description = "The address to bind instead of 127.0.0.1 (e.g. 0.0.0.0 — anyone who can reach it and has the token can act as you)." };
        var open = new Option<bool>("--open") { Description = "Open the workbench in the default browser." };
        var serve = new Command("serve", "Serve the workbench: a live board of tasks, timelines, evidence and approvals on a local port.") { port, listen, open };
        serve.SetAction(pr => Run(ctx, new ServeOptions(
            Port(pr.GetValue(port)), Address(pr.GetValue(listen)), pr.GetValue(open), pr.GetValue(CommonOptions.Json))));
        return serve;
    }

    private static int Run(CliContext ctx, ServeOptions options)
    {
        if (AgentContext.Detect(ctx.Env) is { } agent)
        {
            throw KosException.Refused(
                $"kos serve is for a person, and this looks like an agent's context ({agent}). " +
                "The workbench answers approval requests as you; start it from your own terminal.");
        }

        // Only the project is located here: a damaged ledger is shown on the pages, with its recovery command.
        var project = Project.KosProject.LocateInitialised(ctx.Cwd);
        return WorkbenchHost.Run(ctx, project, options);
    }

    private static int Port(int port) => port is >= 0 and <= 65535
        ? port
        : throw KosException.Input($"--port {port} is not a TCP port; give 1-65535, or 0 for any free port.");

    private static IPAddress Address(string? listen)
    {
        if (listen is null)
        {
            return IPAddress.Loopback;
        }

        var text = listen.Trim().Trim('[', ']');
        if (text == "localhost")
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(text, out var address)
            ? address
            : throw KosException.Input($"--listen {listen} is not an IP address; give one such as 127.0.0.1, ::1 or 0.0.0.0.");
    }
}

/// <summary>What <c>kos serve</c> was asked for.</summary>
internal sealed record ServeOptions(int Port, IPAddress Listen, bool Open, bool Json);
