using System.Diagnostics;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// Hooks never fail open: the installed command blocks when kos cannot run (missing, crashed,
/// stuck), and kos refuses calls in a governed repository whose config or ledger is gone or damaged.
/// </summary>
[Collection("agents")]
public sealed class FailClosedTests
{
    private static string WritePayload(GovernedRepo repo, string rel) => new JsonObject
    {
        ["session_id"] = repo.Session, ["cwd"] = repo.Root, ["hook_event_name"] = "PreToolUse", ["tool_name"] = "Write",
        ["tool_input"] = new JsonObject { ["file_path"] = repo.Repo.PathOf(rel), ["content"] = "x" },
    }.ToJsonString();

    /// <summary>The PreToolUse (or equivalent) command the agent's settings hold, as kos installed it.</summary>
    private static string InstalledCommand(GovernedRepo repo, string agent)
    {
        var (file, ev) = agent switch
        {
            "claude" => (".claude/settings.json", "PreToolUse"),
            "codex" => (".codex/hooks.json", "PreToolUse"),
            "gemini" => (".gemini/settings.json", "BeforeTool"),
            _ => (".cursor/hooks.json", "beforeShellExecution"),
        };
        var hooks = JsonNode.Parse(File.ReadAllText(repo.Repo.PathOf(file)))!["hooks"]![ev]!.AsArray();
        return agent == "cursor" ? hooks[0]!["command"]!.GetValue<string>() : hooks[0]!["hooks"]![0]!["command"]!.GetValue<string>();
    }

    /// <summary>Runs an installed command the way the agents do (through a shell) with this PATH.</summary>
    private static ProcessRun Shell(string cwd, string command, string stdin, string path, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = cwd, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        psi.Environment["PATH"] = path;
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        try
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The hook may exit before reading its payload (kos missing or crashing): the exit code is what counts.
        }

        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)), "the hook command did not finish");
        return new ProcessRun(p.ExitCode, o.Result, e.Result);
    }

    private static string FakeKos(string body)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kos-fake-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var kos = Path.Combine(dir, "kos");
        File.WriteAllText(kos, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(kos, (UnixFileMode)0b111_101_101);
        }

        return dir + Path.PathSeparator + KosOnPath.WithoutKos;
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    [InlineData("cursor")]
    public void an_installed_hook_blocks_when_kos_is_missing_crashes_or_hangs_and_names_no_build_path(string agent)
    {
        using var repo = new GovernedRepo(agent, "fc-" + agent);
        Assert.Equal(0, repo.Install(agent).Code);
        var command = InstalledCommand(repo, agent);
        Assert.DoesNotContain(KosProcess.Binary, command, StringComparison.Ordinal);
        Assert.DoesNotContain("/bin/", command.Replace("/dev/null", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains($" kos hook {agent} ", command, StringComparison.Ordinal);
        var payload = WritePayload(repo, "src/app.txt");

        // With kos on PATH the in-scope write is allowed (exit 0).
        Assert.Equal(0, Shell(repo.Root, command, payload, Environment.GetEnvironmentVariable("PATH")!).Code);

        var missing = Shell(repo.Root, command, payload, KosOnPath.WithoutKos);
        Assert.Equal(2, missing.Code);
        Assert.Contains("kos is not on PATH", missing.Err, StringComparison.Ordinal);

        Assert.Equal(2, Shell(repo.Root, command, payload, FakeKos("kill -SEGV $$")).Code);
        Assert.Equal(2, Shell(repo.Root, command, payload, FakeKos("exit 1")).Code);
        var hung = Shell(repo.Root, command, payload, FakeKos("sleep 60"), new Dictionary<string, string> { ["KOS_HOOK_DEADLINE"] = "1" });
        Assert.Equal(2, hung.Code);
        Assert.Contains("timed out", hung.Err, StringComparison.Ordinal);
    }

    [Trait("Category", "LocalLedger")] // moves and damages the SQLite file (the team store's outage: PostgresTeamStoreTests)
    [Theory]
    [InlineData("standard")]
    [InlineData("advisory")]
    [InlineData("strict")]
    public void a_governed_repository_with_its_ledger_or_config_gone_or_damaged_refuses_writes(string strictness)
    {
        using var repo = new GovernedRepo("claude", "fc-d", strictness);
        var payload = WritePayload(repo, "src/app.txt");
        var config = repo.Repo.PathOf(".agent-os/config.toml");
        var ledger = repo.Repo.PathOf(".agent-os/state/ledger.db");
        Assert.Equal(0, Hook(repo, payload).Code);

        File.AppendAllText(config, "[[\n");
        var damaged = Hook(repo, payload);
        Assert.Equal(2, damaged.Code);
        Assert.Contains("config.toml", damaged.Err, StringComparison.Ordinal);
        File.WriteAllText(config, File.ReadAllText(config).Replace("[[\n", "", StringComparison.Ordinal));

        File.Move(ledger, ledger + ".aside");
        var gone = Hook(repo, payload);
        Assert.Equal(2, gone.Code);
        Assert.Contains("kos init --new-ledger", gone.Err, StringComparison.Ordinal);
        File.Move(ledger + ".aside", ledger);

        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(ledger)!, "ledger.db*"))
        {
            File.Delete(f);
        }

        File.WriteAllBytes(ledger, new byte[8192]);
        Assert.Equal(2, Hook(repo, payload).Code);
    }

    [Fact]
    public void removing_the_whole_agent_os_folder_does_not_ungovern_the_repository()
    {
        using var repo = new GovernedRepo("claude", "fc-r");
        Directory.Delete(repo.Repo.PathOf(".agent-os"), recursive: true);
        var r = Hook(repo, WritePayload(repo, "docs/x.md"));
        Assert.Equal(2, r.Code);
        Assert.Contains("missing", r.Err, StringComparison.Ordinal);
    }

    [Trait("Category", "LocalLedger")] // deletes the SQLite file
    [Fact]
    public void only_strictness_off_lets_a_call_through_a_missing_ledger()
    {
        using var repo = new GovernedRepo("claude", "fc-o", "off");
        File.Delete(repo.Repo.PathOf(".agent-os/state/ledger.db"));
        // The ledger is gone, so kos cannot even read that it is off: still refused.
        Assert.Equal(2, Hook(repo, WritePayload(repo, "src/app.txt")).Code);
    }

    [Trait("Category", "LocalLedger")] // deletes the SQLite file
    [Fact]
    public void kos_init_will_not_silently_replace_a_deleted_ledger()
    {
        using var repo = new GovernedRepo("claude", "fc-i");
        foreach (var f in Directory.GetFiles(repo.Repo.PathOf(".agent-os/state"), "ledger.db*"))
        {
            File.Delete(f);
        }

        var init = KosProcess.Run(repo.Root, "init");
        Assert.NotEqual(0, init.Code);
        Assert.Contains("--new-ledger", init.Err, StringComparison.Ordinal);
        Assert.Equal(0, KosProcess.Run(repo.Root, "init", "--new-ledger").Code);
        Assert.Contains(repo.Events("project.initialised"), e => e.Payload.Contains("\"replaces\"", StringComparison.Ordinal));
    }

    [Fact]
    public void the_project_is_found_from_the_written_path_when_the_payload_cwd_is_elsewhere()
    {
        using var repo = new GovernedRepo("claude", "fc-c", "strict");
        foreach (var cwd in new[] { "/tmp", "/", "/nonexistent" })
        {
            var payload = new JsonObject
            {
                ["session_id"] = repo.Session, ["cwd"] = cwd, ["hook_event_name"] = "PreToolUse", ["tool_name"] = "Write",
                ["tool_input"] = new JsonObject { ["file_path"] = repo.Repo.PathOf("docs/x.md"), ["content"] = "x" },
            }.ToJsonString();
            var r = KosProcess.Run("/tmp", (IReadOnlyDictionary<string, string>?)null, payload, "hook", "claude", "pre-tool-use");
            Assert.True(HookDenied(r), r.ToString());
        }

        Assert.NotEmpty(repo.Events("capability.denied"));
    }

    [Fact]
    public void a_claude_session_without_kos_on_path_cannot_write_at_all()
    {
        var session = Guid.NewGuid().ToString();
        using var repo = new GovernedRepo("claude", session);
        repo.Repo.Write(".gitignore", ".home/\n");
        Assert.Equal(0, repo.Install("claude").Code);
        var inScope = repo.Repo.PathOf("src/app.txt");
        var outOfScope = repo.Repo.PathOf("docs/escape.md");
        using var model = new AnthropicStandIn(
        [
            Turn.Call("Write", new JsonObject { ["file_path"] = outOfScope, ["content"] = "escaped\n" }),
            Turn.Call("Write", new JsonObject { ["file_path"] = inScope, ["content"] = "hello\n" }),
            Turn.Say("Done."),
        ],
        [Turn.Say("Nothing to do.")]);
        var home = Path.Combine(repo.Root, ".home");
        Directory.CreateDirectory(home);
        var run = AgentClis.Run(AgentClis.Claude, repo.Root, new Dictionary<string, string>
        {
            ["HOME"] = home, ["PATH"] = KosOnPath.WithoutKos, ["ANTHROPIC_BASE_URL"] = model.BaseUrl, ["ANTHROPIC_API_KEY"] = "sk-test-not-a-real-key",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1", ["DISABLE_AUTOUPDATER"] = "1", ["IS_SANDBOX"] = "1",
        }, TimeSpan.FromMinutes(4), "-p", "Write the files.", "--output-format", "json", "--dangerously-skip-permissions", "--session-id", session);
        Assert.True(run.Code == 0, run.ToString());
        Assert.False(File.Exists(outOfScope));
        Assert.False(File.Exists(inScope));
        Assert.Contains("kos is not on PATH", run.Out + model.AllRequests, StringComparison.Ordinal);
    }

    private static ProcessRun Hook(GovernedRepo repo, string payload) =>
        KosProcess.Run(repo.Root, (IReadOnlyDictionary<string, string>?)null, payload, "hook", "claude", "pre-tool-use");

    private static bool HookDenied(ProcessRun r) => r.Code == 2 || r.Out.Contains("\"permissionDecision\":\"deny\"", StringComparison.Ordinal);
}
