using KnowledgeOS.Ledger;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// A real git repository under kos with one quick task in execute, claimed by a known agent
/// session, with an eval kos can run ('test -f src/app.txt'), and the agent's hooks installed by
/// the real 'kos hooks install'.
/// </summary>
public sealed class GovernedRepo : IDisposable
{
    /// <param name="requirement">Bind the task to requirement R1 of a spec ("A greeting file"), as planned work is.</param>
    public GovernedRepo(string agent, string session, string strictness = "standard", bool requirement = false)
    {
        Session = session;
        KosProcess.Ok(Repo.Root, "init");
        var config = Repo.PathOf(".agent-os/config.toml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("default = []", "default = [\"test -f src/app.txt\"]", StringComparison.Ordinal));
        string[] spec = requirement
            ? ["--spec", KosProcess.Ok(Repo.Root, "create-spec", "Greeting", "--intent", "Greet users", "--req", "A greeting file").FirstLine, "--req", "R1"]
            : [];
        var created = KosProcess.Ok(Repo.Root, ["create-task", "Greeting file", .. spec, "--quick", "--scope", "src/**", "--session", session, "--agent", agent]);
        Task = created.FirstLine;

        // Strictness is raised after the quick task is in execute (strict mode would want a review first).
        File.WriteAllText(config, File.ReadAllText(config).Replace("strictness = \"standard\"", $"strictness = \"{strictness}\"", StringComparison.Ordinal));
        Assert.StartsWith("T-", Task);
    }

    public TempRepo Repo { get; } = new();

    public string Root => Repo.Root;

    public string Session { get; }

    public string Task { get; }

    /// <summary>How a shell (or a hook) starts this kos.</summary>
    public static string KosCommand => KosProcess.Binary.EndsWith(".dll", StringComparison.Ordinal) ? $"dotnet {KosProcess.Binary}" : KosProcess.Binary;

    /// <summary>
    /// PATH with a kos that dies with exit 1 (the code Qwen Code lets through) on the hook events whose argument
    /// contains <paramref name="crashOn"/>, and is the real kos otherwise; <see cref="KosOnPath.WithoutKos"/> behind it.
    /// </summary>
    public string PathWithCrashingKos(string crashOn)
    {
        var bin = Repo.PathOf(".crashing-kos");
        Directory.CreateDirectory(bin);
        var shim = Path.Combine(bin, "kos");
        File.WriteAllText(shim, $"#!/bin/sh\ncase \"$*\" in *{crashOn}*) echo 'Segmentation fault' >&2; exit 1;; esac\nexec {KosCommand} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, (UnixFileMode)0b111_101_101);
        }

        File.AppendAllText(Repo.PathOf(".git/info/exclude"), ".crashing-kos/\n");
        return bin + Path.PathSeparator + KosOnPath.WithoutKos;
    }

    public ProcessRun Install(string agent, string scope = "project", IReadOnlyDictionary<string, string>? env = null) =>
        KosProcess.Run(Root, env, null, "hooks", "install", "--agent", agent, "--scope", scope);

    public List<LedgerEvent> Events() => TestLedger.Events(Root);

    public List<LedgerEvent> Events(string type) => Events().Where(e => e.Type == type).ToList();

    /// <summary>
    /// What every scripted session of the agent tests proves (the script writes src/app.txt, then outside.txt,
    /// then leak.txt by shell, then stops without evidence): the in-scope write landed; the out-of-scope write was
    /// denied, recorded and its reason reached the model; the shell write became one violation; the stop was blocked
    /// once; the context pack reached the model at session start.
    /// </summary>
    public void AssertScriptedSessionGoverned(string modelRequests, string run)
    {
        Assert.Equal("hello\n", File.ReadAllText(Repo.PathOf("src/app.txt")));
        Assert.False(File.Exists(Repo.PathOf("outside.txt")), run);
        Assert.Contains(Events("capability.denied"), e => e.Task == Task && e.Payload.Contains("outside.txt", StringComparison.Ordinal));
        Assert.Contains("outside.txt refused", modelRequests, StringComparison.Ordinal);
        Assert.Single(Events("scope.violation"), e => e.Payload.Contains("leak.txt", StringComparison.Ordinal));
        Assert.Single(Events("session.stop-blocked"));
        Assert.Contains("eval-task", modelRequests, StringComparison.Ordinal);
        Assert.Contains("to finish, run 'kos eval-task " + Task, modelRequests, StringComparison.Ordinal);
    }

    public void Dispose() => Repo.Dispose();
}
