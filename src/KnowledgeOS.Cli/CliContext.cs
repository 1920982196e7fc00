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
    public static CliContext FromProcess() => new(
        Console.Out, Console.Error, Console.In, Environment.CurrentDirectory, TimeProvider.System, Environment.GetEnvironmentVariable);

    /// <summary>Who is acting: KOS_ACTOR, else the OS user.</summary>
    public string Actor => Env("KOS_ACTOR") is { Length: > 0 } a ? a : "user:" + Environment.UserName;

    /// <summary>The agent session bound through the environment, if any.</summary>
    public string? Session => Env("KOS_SESSION") is { Length: > 0 } s ? s : null;
}
