using System.Diagnostics;
using KnowledgeOS.Actors;
using KnowledgeOS.Testing.Agents;

namespace KnowledgeOS.Testing.Actors;

/// <summary>
/// The evasions a shell in an agent's context would try, run for real: kos started under a process
/// named like the agent's program, with its environment scrubbed, in a new session, detached, or
/// double-forked. Each must still be recognised as the agent's and refused.
/// </summary>
public sealed class AgentContextTests : IDisposable
{
    private readonly GovernedRepo _repo = new("claude", "sess-ctx");

    public AgentContextTests() => Directory.CreateDirectory(Path.Combine(_repo.Root, ".home", "bin"));

    public void Dispose() => _repo.Dispose();

    /// <summary>An absolute kos command line (no PATH needed, for env -i).</summary>
    private static string Kos => KosProcess.Binary.EndsWith(".dll", StringComparison.Ordinal)
        ? $"{Which("dotnet")} {KosProcess.Binary}"
        : KosProcess.Binary;

    private static string Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists) ?? name;

    /// <summary>
    /// Runs each script in a fresh sh under a program named "claude", as the agent's hooks and Bash tool
    /// calls run: a new child of the agent's process each time.
    /// </summary>
    private ProcessRun UnderAgent(string script, IReadOnlyDictionary<string, string>? env = null, string? first = null)
    {
        var bin = Path.Combine(_repo.Root, ".home", "bin");
        Directory.CreateDirectory(bin);
        var program = Path.Combine(bin, "claude");
        File.WriteAllText(program, "#!/bin/sh\n[ -n \"$2\" ] && /bin/sh -c \"$2\"\n/bin/sh -c \"$1\"\nexit $?\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var psi = new ProcessStartInfo(program) { WorkingDirectory = _repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        if (first is not null)
        {
            psi.ArgumentList.Add(first);
        }
        psi.Environment.Remove("KOS_ACTOR");
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        // A script just written can be briefly "Text file busy" while another test's fork still holds its write handle.
        Process? started = null;
        for (var attempt = 1; started is null; attempt++)
        {
            try
            {
                started = Process.Start(psi)!;
            }
            catch (System.ComponentModel.Win32Exception busy) when (attempt < 20 && busy.Message.Contains("Text file busy", StringComparison.Ordinal))
            {
                Thread.Sleep(50);
            }
        }

        using var p = started;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "the agent stand-in did not finish");
        return new ProcessRun(p.ExitCode, o.GetAwaiter().GetResult(), e.GetAwaiter().GetResult());
    }

    private void AssertRefusedAndUnchanged(ProcessRun run, string output)
    {
        var text = File.Exists(output) ? File.ReadAllText(output) : run.ToString();
        Assert.Contains("decision for a person", text, StringComparison.Ordinal);
        Assert.Empty(_repo.Events("task.blocked"));
        Assert.Single(_repo.Events("approval.requested"));
    }

    [Fact]
    public void env_i_under_the_agent_s_program_is_the_agent_s()
    {
        var output = Path.Combine(_repo.Root, ".home", "out.txt");
        var run = UnderAgent($"env -i {Kos} block {_repo.Task} > {output} 2>&1; true");
        AssertRefusedAndUnchanged(run, output);
        Assert.Contains("is claude", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void env_u_of_the_agent_variables_is_still_the_agent_s()
    {
        var output = Path.Combine(_repo.Root, ".home", "out.txt");
        var run = UnderAgent($"env -u CLAUDECODE -u CLAUDE_CODE_SESSION_ID -u AI_AGENT {Kos} block {_repo.Task} > {output} 2>&1; true",
            new Dictionary<string, string> { ["CLAUDECODE"] = "1", ["CLAUDE_CODE_SESSION_ID"] = "sess-ctx", ["AI_AGENT"] = "claude-code_2_agent" });
        AssertRefusedAndUnchanged(run, output);
        Assert.Equal("agent:claude/sess-ctx", Assert.Single(_repo.Events("approval.requested")).Actor);
    }

    [Fact]
    public void setsid_and_nohup_do_not_hide_the_agent()
    {
        var output = Path.Combine(_repo.Root, ".home", "out.txt");
        var run = UnderAgent($"setsid -w env -i {Kos} block {_repo.Task} > {output} 2>&1; nohup env -i {Kos} block {_repo.Task} >> {output} 2>&1 & wait");
        AssertRefusedAndUnchanged(run, output);
    }

    [Fact]
    public void a_double_fork_from_python_is_recognised_through_the_agent_s_cgroup()
    {
        // What Claude Code does first: its SessionStart hook marks the agent's process.
        var output = Path.Combine(_repo.Root, ".home", "out.txt");
        var payload = $$"""{"session_id":"sess-ctx","hook_event_name":"SessionStart","source":"startup","cwd":"{{_repo.Root}}"}""";
        var python = $"""
            import os, subprocess, sys, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(0.3)
                    with open('{output}', 'w') as f:
                        subprocess.run('{Kos} block {_repo.Task}'.split(), env={"{}"}, stdout=f, stderr=f)
                    with open('{output}.done', 'w') as f: f.write('x')
                os._exit(0)
            """;
        File.WriteAllText(Path.Combine(_repo.Root, ".home", "fork.py"), python);
        var run = UnderAgent($"env -i {Which("python3")} .home/fork.py", first: $"echo '{payload}' | {Kos} hook claude session-start > /dev/null");
        for (var i = 0; i < 600 && !File.Exists(output + ".done"); i++)
        {
            Thread.Sleep(100);
        }

        var started = Assert.Single(_repo.Events("session.started"));
        if (!started.Payload.Contains("in cgroup kos.agent.claude", StringComparison.Ordinal))
        {
            Assert.Fail($"the agent could not be placed in a cgroup here, so a double fork is not recognised (documented limit): {started.Payload}");
        }

        AssertRefusedAndUnchanged(run, output);
        Assert.Contains("cgroup", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void a_person_s_kos_is_not_an_agent_s()
    {
        Assert.Null(AgentDetector.Detect(_ => null));
        KosProcess.Ok(_repo.Root, "block", _repo.Task, "--reason", "a person decides");
        Assert.Empty(_repo.Events("approval.requested"));
    }
}
