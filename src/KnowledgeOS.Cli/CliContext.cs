using KnowledgeOS.Actors;

namespace KnowledgeOS.Cli;

/// <summary>Everything a command touches outside itself, injected so commands run in-process in tests.</summary>
public sealed record CliContext(
    TextWriter Out,
    TextWriter Err,
    TextReader In,
    string Cwd,
    TimeProvider Clock,
    Func<string, string?> Env)
{
    private AgentContext? _agent;
    private bool _detected;

    public static CliContext FromProcess() => new(
        Console.Out, Console.Error, Console.In, Environment.CurrentDirectory, TimeProvider.System, Environment.GetEnvironmentVariable);

    /// <summary>The agent whose context this process runs in (environment, cgroup, ancestry), or null for a person.</summary>
    public AgentContext? Agent
    {
        get
        {
            if (!_detected)
            {
                _agent = Env("KOS_ACTOR") is { } declared && declared.StartsWith("agent:", StringComparison.Ordinal)
                    ? Declared(declared)
                    : AgentDetector.Detect(Env);
                _detected = true;
            }

            return _agent;
        }
    }

    /// <summary>Who is acting: the agent session when kos recognises an agent's context, else KOS_ACTOR, else the OS user.</summary>
    public string Actor => Agent?.Actor ?? (Env("KOS_ACTOR") is { Length: > 0 } a ? a : "user:" + Environment.UserName);

    /// <summary>The agent session bound through the environment, if any.</summary>
    public string? Session => Env("KOS_SESSION") is { Length: > 0 } s ? s : null;

    private static AgentContext Declared(string actor)
    {
        var rest = actor["agent:".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new AgentContext(rest, null, "KOS_ACTOR") : new AgentContext(rest[..slash], rest[(slash + 1)..], "KOS_ACTOR");
    }
}
