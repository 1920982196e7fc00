using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// 'kos agent claude' with the real Claude Code (scripted model): one command creates the quick task, claims it for
/// a fresh UUID, fences the tree and starts Claude bound to that session; the agent cannot launch itself a new task.
/// </summary>
[Collection("agents")]
public sealed partial class KosAgentClaudeTests
{
    [GeneratedRegex("as session ([0-9a-f-]{36})")]
    private static partial Regex SessionLine();

    public static Dictionary<string, string> ClaudeEnv(string home, string? baseUrl = null) => new()
    {
        ["HOME"] = home,
        ["ANTHROPIC_BASE_URL"] = baseUrl ?? "http://127.0.0.1:9",
        ["ANTHROPIC_API_KEY"] = "sk-test-not-a-real-key",
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_AUTOUPDATER"] = "1",
        ["IS_SANDBOX"] = "1",
        ["PATH"] = Path.GetDirectoryName(AgentClis.Claude) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
    };

    [Fact]
    public void kos_agent_claude_quick_writes_in_scope_is_fenced_outside_and_claims_for_the_session_it_chose()
    {
        using var repo = new TempRepo();
        KosProcess.Ok(repo.Root, "init");
        repo.Write("docs/guide.md", "# Guide\n");
        repo.Write(".gitignore", ".home/\n");
        var home = repo.PathOf(".home");
        Directory.CreateDirectory(home);
        var kos = GovernedRepo.KosCommand;
        using var model = new AnthropicStandIn(
        [
            Turn.Call("Write", new JsonObject { ["file_path"] = repo.PathOf("src/app.txt"), ["content"] = "hello\n" }),
            Turn.Call("Write", new JsonObject { ["file_path"] = repo.PathOf("outside.txt"), ["content"] = "nope\n" }),
            Turn.Call("Bash", new JsonObject { ["command"] = "echo pwned >> docs/guide.md; echo $KOS_TASK $KOS_SESSION > src/env.txt", ["description"] = "shell writes" }),
            // The agent tries to start itself a new, wider task through kos agent, hiding its variables.
            Turn.Call("Bash", new JsonObject { ["command"] = $"env -u CLAUDECODE -u KOS_SESSION -u CLAUDE_CODE_SESSION_ID -u AI_AGENT {kos} agent claude --quick wider --scope '**' -- --version; echo rc=$?", ["description"] = "escape" }),
            Turn.Say("Done."),
            Turn.Say("Stopping."),
        ],
        [Turn.Say("Nothing to do.")]);

        var run = KosProcess.Run(repo.Root, ClaudeEnv(home, model.BaseUrl), null,
            "agent", "claude", "--quick", "Greeting file", "--scope", "src/**", "--", "-p", "Write the greeting file.", "--output-format", "json", "--dangerously-skip-permissions");
        Assert.True(run.Code == 0, run.ToString());
        var session = SessionLine().Match(run.Err).Groups[1].Value;
        Assert.True(Guid.TryParse(session, out _), run.Err);

        // The ledger: the person created and claimed the task for the UUID kos chose, and Claude acted as exactly that session.
        var events = TestLedger.Events(repo.Root);
        var task = Assert.Single(events, e => e.Type == "task.created").Task!;
        Assert.Contains(events, e => e.Type == "task.dispatched" && e.Actor == "user:tester" && e.Payload.Contains(session, StringComparison.Ordinal));
        Assert.Contains(events, e => e.Type == "capability.used" && e.Actor == $"agent:claude/{session}" && e.Task == task && e.Payload.Contains("src/app.txt", StringComparison.Ordinal));
        Assert.Contains(session, KosProcess.Ok(repo.Root, "show", task).Out, StringComparison.Ordinal);
        Assert.Equal($"{task} {session}\n", File.ReadAllText(repo.PathOf("src/env.txt")));

        // In scope written; out of scope denied by the hook; the shell write outside failed in the sandbox.
        Assert.Equal("hello\n", File.ReadAllText(repo.PathOf("src/app.txt")));
        Assert.False(File.Exists(repo.PathOf("outside.txt")));
        Assert.Contains("outside.txt refused", model.AllRequests, StringComparison.Ordinal);
        Assert.Equal("# Guide\n", File.ReadAllText(repo.PathOf("docs/guide.md")));
        Assert.Contains("Read-only file system", model.AllRequests, StringComparison.Ordinal);
        Assert.Contains($"call the kos MCP server's 'eval_run' tool with task {task}", model.AllRequests, StringComparison.Ordinal);

        // kos agent inside the agent: refused as a person's decision, no second task, no second Claude.
        Assert.Single(events, e => e.Type == "task.created");
        // (Inside the fence the refusal cannot even be filed as a request when the ledger is a file: it is read-only to the
        // agent's shell. On the team store the ledger is not in the tree, and the refusal is filed or told to the agent.)
        Assert.Matches(TestLedger.OnTeamStore ? "rc=[1-9]" : "cannot write the ledger from here[^\"]*Ask the user[^\"]*\\\\nrc=3", model.AllRequests);
        Assert.DoesNotContain("(Claude Code)", model.AllRequests, StringComparison.Ordinal);
    }

    [Fact]
    public void kos_agent_passes_arguments_through_and_returns_the_agents_exit_code()
    {
        using var repo = new TempRepo();
        KosProcess.Ok(repo.Root, "init");
        var task = KosProcess.Ok(repo.Root, "create-task", "Fix", "--quick", "--scope", "src/**").FirstLine;
        var home = repo.PathOf(".home");
        Directory.CreateDirectory(home);
        var env = ClaudeEnv(home);

        var version = KosProcess.Run(repo.Root, env, null, "agent", "claude", "--task", task, "--", "--version");
        Assert.True(version.Code == 0, version.ToString());
        Assert.Contains("(Claude Code)", version.Out, StringComparison.Ordinal);

        var direct = AgentClis.Run(AgentClis.Claude, repo.Root, env, TimeSpan.FromMinutes(1), "--no-such-flag");
        var viaKos = KosProcess.Run(repo.Root, env, null, "agent", "claude", "--task", task, "--", "--no-such-flag");
        Assert.NotEqual(0, direct.Code);
        Assert.Equal(direct.Code, viaKos.Code);
        Assert.Contains("--no-such-flag", viaKos.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void kos_agent_errors_name_the_fix()
    {
        using var repo = new TempRepo();
        KosProcess.Ok(repo.Root, "init");
        var home = repo.PathOf(".home");
        Directory.CreateDirectory(home);
        var env = ClaudeEnv(home);

        var unknown = KosProcess.Run(repo.Root, env, null, "agent", "clod");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("claude, codex, gemini", unknown.Err, StringComparison.Ordinal);

        var noTask = KosProcess.Run(repo.Root, env, null, "agent", "claude");
        Assert.Equal(2, noTask.Code);
        Assert.Contains("--quick", noTask.Err, StringComparison.Ordinal);

        var noScope = KosProcess.Run(repo.Root, env, null, "agent", "claude", "--quick", "Fix");
        Assert.Equal(2, noScope.Code);
        Assert.Contains("--scope", noScope.Err, StringComparison.Ordinal);

        var resume = KosProcess.Run(repo.Root, env, null, "agent", "claude", "--quick", "Fix", "--scope", "src/**", "--", "--resume", "x");
        Assert.Equal(2, resume.Code);
        Assert.Contains("fresh session", resume.Err, StringComparison.Ordinal);

        var missing = KosProcess.Run(repo.Root, new Dictionary<string, string>(env) { ["PATH"] = "/usr/bin:/bin" }, null, "agent", "claude", "--quick", "Fix", "--scope", "src/**");
        Assert.Equal(3, missing.Code);
        Assert.Contains("'claude' is not on PATH", missing.Err, StringComparison.Ordinal);

        var fromAgent = KosProcess.Run(repo.Root, new Dictionary<string, string>(env) { ["CLAUDECODE"] = "1" }, null, "agent", "claude", "--quick", "Fix", "--scope", "**");
        Assert.Equal(1, fromAgent.Code);
        Assert.Contains("decision for a person", fromAgent.Err, StringComparison.Ordinal);

        // None of these created or claimed anything; only the agent's attempt became a request.
        Assert.Contains("No open tasks", KosProcess.Ok(repo.Root, "list").Out, StringComparison.Ordinal);
    }
}
