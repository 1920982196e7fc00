using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// 'kos agent codex' and 'kos agent gemini' with the real clients (scripted models): each runs inside a sandbox set
/// from the task's fence (Codex: its own, given a permission profile; Gemini: bubblewrap), so a shell write outside
/// the scope fails, and the claim follows the agent's own session from its first hook.
/// </summary>
[Collection("agents")]
public sealed partial class KosAgentSandboxTests
{
    [GeneratedRegex("as session ([0-9a-f-]{36})")]
    private static partial Regex SessionLine();

    private static List<KnowledgeOS.Ledger.LedgerEvent> Events(TempRepo repo) => TestLedger.Events(repo.Root);

    /// <summary>A shell call that writes outside the scope (a top-level file, kos's config, a git hook) and one that writes inside it.</summary>
    private const string Escapes = "echo leaked > leak.txt; echo x >> .agent-os/config.toml; echo y > .git/hooks/pre-commit; echo $KOS_TASK $KOS_SESSION > src/env.txt; true";

    private static void AssertFenced(TempRepo repo, string agent, ProcessRun run, string modelRequests, string configBefore)
    {
        Assert.True(run.Code == 0, run.ToString());
        var launched = SessionLine().Match(run.Err).Groups[1].Value;
        var events = Events(repo);
        var task = Assert.Single(events, e => e.Type == "task.created").Task!;

        Assert.Equal("hello\n", File.ReadAllText(repo.PathOf("src/app.txt")));
        Assert.Equal($"{task} {launched}\n", File.ReadAllText(repo.PathOf("src/env.txt")));
        Assert.False(File.Exists(repo.PathOf("leak.txt")), run.ToString());
        Assert.Equal(configBefore, File.ReadAllText(repo.PathOf(".agent-os/config.toml")));
        Assert.False(File.Exists(repo.PathOf(".git/hooks/pre-commit")));
        Assert.Contains("Read-only file system", modelRequests, StringComparison.Ordinal);
        // Stopped without evidence: told to use the MCP tool, since its fenced shell cannot record evidence.
        Assert.Contains($"call the kos MCP server's 'eval_run' tool with task {task}", modelRequests, StringComparison.Ordinal);

        // The claim kos took for its UUID went to the agent's own session at its first hook, and the agent acted as that session.
        var handed = Assert.Single(events, e => e.Type == "claim.handed-over");
        Assert.Contains($"\"previousSession\":\"{launched}\"", handed.Payload, StringComparison.Ordinal);
        var own = handed.Session!;
        Assert.NotEqual(launched, own);
        Assert.Contains(events, e => e.Type.StartsWith("capability.", StringComparison.Ordinal) && e.Actor == $"agent:{agent}/{own}" && e.Task == task);
    }

    [Fact]
    public void kos_agent_codex_runs_codex_in_its_own_sandbox_limited_to_the_scope()
    {
        using var repo = new TempRepo();
        KosProcess.Ok(repo.Root, "init");
        var configBefore = File.ReadAllText(repo.PathOf(".agent-os/config.toml"));
        // Codex will not put its sandbox helper under the temporary folder, so its home is elsewhere.
        var home = Path.Combine("/var/tmp", "kos-codex-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        try
        {
            using var model = new ResponsesStandIn(
            [
                new Turn(Tool: "apply_patch", Freeform: "*** Begin Patch\n*** Add File: src/app.txt\n+hello\n*** End Patch\n"),
                Turn.Call("exec_command", new JsonObject { ["cmd"] = Escapes }),
                Turn.Say("Done."),
                Turn.Say("Stopping."),
            ]);
            model.WriteCodexConfig(home);
            var env = new Dictionary<string, string>
            {
                ["CODEX_HOME"] = home, ["HOME"] = home, ["FAKE_API_KEY"] = "test",
                ["PATH"] = Path.GetDirectoryName(AgentClis.Codex) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            };
            var run = KosProcess.Run(repo.Root, env, null, "agent", "codex", "--quick", "Greeting file", "--scope", "src/**", "--", "exec", "--skip-git-repo-check", "Write the greeting file.");
            Assert.Contains("codex's hooks were not installed where codex runs them; installed them in " + Path.Combine(home, "hooks.json") + " (user scope)", run.Err, StringComparison.Ordinal);
            AssertFenced(repo, "codex", run, model.AllRequests, configBefore);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void kos_agent_codex_refuses_to_start_when_codex_config_would_replace_the_profile()
    {
        using var repo = new TempRepo();
        KosProcess.Ok(repo.Root, "init");
        var home = repo.PathOf(".codex-home");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, "config.toml"), "sandbox_mode = \"workspace-write\"\n");
        var env = new Dictionary<string, string>
        {
            ["CODEX_HOME"] = home, ["PATH"] = Path.GetDirectoryName(AgentClis.Codex) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        var run = KosProcess.Run(repo.Root, env, null, "agent", "codex", "--quick", "Fix", "--scope", "src/**", "--", "exec", "hi");
        Assert.Equal(3, run.Code);
        Assert.Contains("sets sandbox_mode", run.Err, StringComparison.Ordinal);
        var bypass = KosProcess.Run(repo.Root, env, null, "agent", "codex", "--quick", "Fix", "--scope", "src/**", "--", "--dangerously-bypass-approvals-and-sandbox", "exec", "hi");
        Assert.Equal(2, bypass.Code);
        Assert.Contains("No open tasks", KosProcess.Ok(repo.Root, "list").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void kos_agent_gemini_runs_gemini_under_bubblewrap_with_its_hooks_served_from_outside()
    {
        if (Environment.GetEnvironmentVariable("PATH")!.Split(':').All(d => !File.Exists(Path.Combine(d, "bwrap"))))
        {
            Assert.Fail("bubblewrap is required for kos agent gemini (apt-get install -y bubblewrap; .ci/run installs it).");
        }

        using var repo = new TempRepo();
        KosProcess.Ok(repo.Root, "init");
        var configBefore = File.ReadAllText(repo.PathOf(".agent-os/config.toml"));
        repo.Write(".gitignore", ".gemini-home/\n");
        var home = repo.PathOf(".gemini-home");
        Directory.CreateDirectory(Path.Combine(home, ".gemini"));
        File.WriteAllText(Path.Combine(home, ".gemini", "settings.json"), """{"security":{"auth":{"selectedType":"gemini-api-key"}}}""");
        using var model = new GeminiStandIn(
        [
            Turn.Call("write_file", new JsonObject { ["file_path"] = "src/app.txt", ["content"] = "hello\n" }),
            Turn.Call("run_shell_command", new JsonObject { ["command"] = Escapes + "; echo z >> " + Path.Combine(home, ".gemini", "settings.json"), ["description"] = "shell writes" }),
            Turn.Say("Done."),
            Turn.Say("Stopping."),
        ]);
        var env = new Dictionary<string, string>
        {
            ["HOME"] = home, ["GEMINI_API_KEY"] = "test", ["GOOGLE_GEMINI_BASE_URL"] = model.BaseUrl,
            ["PATH"] = Path.GetDirectoryName(AgentClis.Gemini) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        // Project hooks Gemini will not run (the folder is not trusted): kos agent installs them where Gemini does run them.
        Assert.Equal(0, KosProcess.Run(repo.Root, env, null, "hooks", "install", "--agent", "gemini").Code);
        var run = KosProcess.Run(repo.Root, env, null, "agent", "gemini", "--quick", "Greeting file", "--scope", "src/**", "--", "-p", "Write the greeting file.", "--yolo", "--skip-trust");
        Assert.Contains("gemini's hooks were not installed where gemini runs them", run.Err, StringComparison.Ordinal);
        AssertFenced(repo, "gemini", run, model.AllRequests, configBefore);
        // The agent cannot unhook itself: its settings file (with kos's hooks) was read-only in the sandbox.
        Assert.DoesNotContain("z", File.ReadAllText(Path.Combine(home, ".gemini", "settings.json")).Split('\n').Last(), StringComparison.Ordinal);
        Assert.Contains("hook gemini", File.ReadAllText(Path.Combine(home, ".gemini", "settings.json")), StringComparison.Ordinal);
    }
}
