using KnowledgeOS.Cli;

namespace KnowledgeOS.Testing;

/// <summary>What one in-process kos command printed and returned.</summary>
public sealed record CliRun(int Code, string Out, string Err)
{
    public string FirstLine => Out.Split('\n')[0].Trim();

    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}--- stderr\n{Err}";
}

/// <summary>Runs kos commands in-process against a repository, with an injectable clock.</summary>
public sealed class InProcess(string cwd, TimeProvider? clock = null, IReadOnlyDictionary<string, string>? env = null)
{
    public CliRun Run(params string[] args) => RunWithInput("", args);

    /// <summary>Runs a command with <paramref name="stdin"/> as its input (a hook payload).</summary>
    public CliRun RunWithInput(string stdin, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var variables = new Dictionary<string, string>(env ?? new Dictionary<string, string>()) { ["KOS_ACTOR"] = env?.GetValueOrDefault("KOS_ACTOR") ?? "user:tester" };
        var ctx = new CliContext(o, e, new StringReader(stdin), cwd, clock ?? TimeProvider.System, k => variables.GetValueOrDefault(k));
        var code = KosCli.Run(args, ctx);
        return new CliRun(code, o.ToString(), e.ToString());
    }

    /// <summary>Runs a command that must succeed and returns its result.</summary>
    public CliRun Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.Code == 0, $"kos {string.Join(' ', args)}\n{r}");
        return r;
    }
}
