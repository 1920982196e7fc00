using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using KnowledgeOS.Capabilities;
using KnowledgeOS.Cli.Adapters;
using KnowledgeOS.Cli.Adapters.Git;
using KnowledgeOS.Cli.Adapters.Install;
using KnowledgeOS.Cli.Rendering;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Commands;

/// <summary>
/// <c>kos hook AGENT EVENT</c>, dispatched before the command tree is built: it runs on every tool
/// call of every agent, so it parses nothing it does not need. A watchdog answers before the
/// agent's own timeout, so a stuck ledger lock cannot turn into a silent allow in strict mode.
/// </summary>
internal static partial class HookCommands
{
    public static int Run(string[] args, CliContext ctx)
    {
        if (args.Length < 3 || args[1] is "--help" or "-h")
        {
            ctx.Err.WriteLine("usage: kos hook claude|codex|gemini|cursor|copilot|qwen|opencode|git EVENT < payload.json   (installed by 'kos hooks install')");
            return args.Length >= 2 && args[1] is "--help" or "-h" ? ExitCodes.Ok : ExitCodes.Input;
        }

        var agent = args[1];
        var eventName = args[2];
        if (eventName == "ping")
        {
            ctx.Out.WriteLine($"KOS_HOOK_OK {agent} {ctx.Cwd}");
            return ExitCodes.Ok;
        }

        if (agent == "git")
        {
            return Emit(ctx, Guard(() => GitHooks.Run(eventName, ctx), reason => new HookReply("", $"kos: pre-commit check failed: {reason}\n", 1)));
        }

        var adapter = Adapters.Adapters.Find(agent);
        if (adapter is null)
        {
            ctx.Err.WriteLine($"kos: unknown agent '{agent}'. Known: {string.Join(", ", Adapters.Adapters.Names)}.");
            return ExitCodes.Input;
        }

        var engine = new HookEngine(adapter, ctx);
        var timeoutMs = int.TryParse(ctx.Env("KOS_HOOK_TIMEOUT_MS"), out var t) && t > 0 ? t : 8000;
        var done = 0;
        using var watchdog = new Timer(_ =>
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                var reply = engine.Failure(eventName, $"the hook did not finish within {timeoutMs} ms (is the ledger locked by another process?)");
                Emit(ctx, reply);
                ctx.Out.Flush();
                ctx.Err.Flush();
                Environment.Exit(reply.ExitCode);
            }
        }, null, timeoutMs, Timeout.Infinite);

        // Inside a sandbox that keeps the ledger read-only, kos agent outside runs the hook (Launch/HookBroker).
        var result = Guard(
            () => ctx.Env(Launch.HookBroker.Variable) is { Length: > 0 } broker ? Launch.HookBroker.Forward(broker, args, ctx, ReadAll(ctx.In)) : engine.Run(eventName, ReadAll(ctx.In)),
            reason => engine.Failure(eventName, reason));
        if (Interlocked.Exchange(ref done, 1) != 0)
        {
            // The watchdog has answered and is ending the process.
            Thread.Sleep(Timeout.Infinite);
        }

        return Emit(ctx, result);
    }

    private static HookReply Guard(Func<HookReply> run, Func<string, HookReply> failed)
    {
        try
        {
            return run();
        }
#pragma warning disable CA1031 // Any failure must become the agent's fail-closed answer, never an unhandled crash (which fails open).
        catch (Exception e)
#pragma warning restore CA1031
        {
            return failed(e is KosException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static string ReadAll(TextReader input)
    {
        // A hostile payload may be huge; it is read once and stored only as digest and excerpt.
        var sb = new StringBuilder();
        var buffer = new char[65536];
        int n;
        while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            sb.Append(buffer, 0, n);
        }

        return sb.ToString();
    }

    private static int Emit(CliContext ctx, HookReply reply)
    {
        ctx.Out.Write(reply.Stdout);
        ctx.Err.Write(reply.Stderr);
        return reply.ExitCode;
    }
}
