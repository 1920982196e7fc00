using KnowledgeOS.Cli;
using KnowledgeOS.Cli.Launch;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Launch;

/// <summary>The hook broker of 'kos agent' for agents sandboxed whole: it runs that agent's hooks, nothing else.</summary>
public sealed class HookBrokerTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private CliContext Ctx() => new(TextWriter.Null, TextWriter.Null, TextReader.Null, _repo.Root, TimeProvider.System, _ => null);

    [Fact]
    public void the_broker_runs_only_its_agents_hooks()
    {
        using var broker = HookBroker.Start("gemini", new Dictionary<string, string>());
        var other = HookBroker.Forward(broker.SocketPath, ["hook", "git", "pre-commit"], Ctx(), "");
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("only gemini's hooks", other.Stderr, StringComparison.Ordinal);
        var command = HookBroker.Forward(broker.SocketPath, ["route-task", "T-1", "--scope", "**"], Ctx(), "");
        Assert.Equal(2, command.ExitCode);

        var ping = HookBroker.Forward(broker.SocketPath, ["hook", "gemini", "ping"], Ctx(), "");
        Assert.Equal(0, ping.ExitCode);
        Assert.StartsWith($"KOS_HOOK_OK gemini {_repo.Root}", ping.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void a_broker_that_is_gone_makes_the_hook_fail_closed()
    {
        string socket;
        using (var broker = HookBroker.Start("gemini", new Dictionary<string, string>()))
        {
            socket = broker.SocketPath;
        }

        new InProcess(_repo.Root).Ok("init");
        var payload = $$$"""{"session_id":"g1","cwd":"{{{_repo.Root}}}","hook_event_name":"BeforeTool","tool_name":"write_file","tool_input":{"file_path":"a.txt","content":"x"}}""";
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var ctx = new CliContext(stdout, stderr, new StringReader(payload), _repo.Root, TimeProvider.System, n => n == HookBroker.Variable ? socket : null);
        var code = KnowledgeOS.Cli.Commands.HookCommands.Run(["hook", "gemini", "before-tool"], ctx);
        Assert.True(code == 2 || stdout.ToString().Contains("\"deny\"", StringComparison.Ordinal), $"exit {code}: {stdout}{stderr}");
    }
}
