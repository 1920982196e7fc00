using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// The real Claude Code CLI, offline against a scripted Anthropic endpoint, governed by the real
/// kos through the hooks 'kos hooks install --agent claude' wrote.
/// </summary>
[Collection("agents")]
public sealed class ClaudeEndToEndTests
{
    /// <summary>A real Claude Code pointed at the scripted model, with its own HOME and no traffic of its own.</summary>
    internal static Dictionary<string, string> Env(string home, AnthropicStandIn model) => new()
    {
        ["HOME"] = home,
        ["ANTHROPIC_BASE_URL"] = model.BaseUrl,
        ["ANTHROPIC_API_KEY"] = "sk-test-not-a-real-key",
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_AUTOUPDATER"] = "1",
        ["IS_SANDBOX"] = "1",
    };

    private static ProcessRun RunClaude(GovernedRepo repo, AnthropicStandIn model, string prompt)
    {
        var home = Path.Combine(repo.Root, ".home");
        Directory.CreateDirectory(home);
        return AgentClis.Run(AgentClis.Claude, repo.Root, Env(home, model), TimeSpan.FromMinutes(4),
            "-p", prompt, "--output-format", "json", "--dangerously-skip-permissions", "--session-id", repo.Session);
    }

    [Fact]
    public void a_claude_session_is_governed_end_to_end()
    {
        var session = Guid.NewGuid().ToString();
        using var repo = new GovernedRepo("claude", session);
        MCP(repo);
        KosProcess.Ok(repo.Root, "registry", "sync");
        Assert.Equal(0, repo.Install("claude").Code);
        var inScope = repo.Repo.PathOf("src/app.txt");
        var outOfScope = repo.Repo.PathOf("outside.txt");
        using var model = new AnthropicStandIn(
        [
            Turn.Call("Write", new JsonObject { ["file_path"] = inScope, ["content"] = "hello\n" }),
            Turn.Call("Write", new JsonObject { ["file_path"] = outOfScope, ["content"] = "nope\n" }),
            Turn.Call("Bash", new JsonObject { ["command"] = "echo leaked > leak.txt", ["description"] = "write outside scope" }),
            Turn.Call("mcp__kosecho__echo", new JsonObject { ["text"] = "hi" }),
            Turn.Call("Agent", new JsonObject { ["description"] = "look around", ["prompt"] = "List the files.", ["subagent_type"] = "general-purpose" }),
            Turn.Say("All done: the greeting file is written and all tests pass."),
            // Inside the fence the shell cannot write the ledger: the agent records evidence through kos's MCP server.
            Turn.Call("mcp__kos__eval_run", new JsonObject { ["task"] = repo.Task }),
            Turn.Say("Evidence recorded by kos."),
        ],
        [
            Turn.Call("Bash", new JsonObject { ["command"] = "ls src", ["description"] = "list" }),
            Turn.Say("There is src/app.txt."),
        ]);

        var run = RunClaude(repo, model, "Write the greeting file.");
        Assert.True(run.Code == 0, run.ToString());

        // In-scope write: happened and recorded.
        Assert.Equal("hello\n", File.ReadAllText(inScope));
        var used = repo.Events().Where(e => e.Type.StartsWith("capability.", StringComparison.Ordinal)).ToList();
        Assert.Contains(used, e => e.Type == "capability.used" && e.Task == repo.Task && e.Payload.Contains("\"capability\":\"tool:Write\"", StringComparison.Ordinal) && e.Payload.Contains("src/app.txt", StringComparison.Ordinal));

        // Out-of-scope write: denied, absent, and the reason reached the model.
        Assert.False(File.Exists(outOfScope));
        Assert.Contains(used, e => e.Type == "capability.denied" && e.Payload.Contains("outside.txt", StringComparison.Ordinal));
        Assert.Contains("outside.txt refused", model.AllRequests, StringComparison.Ordinal);

        // A shell write hooks cannot see: caught by reconciliation, recorded, blocks completion.
        Assert.Single(repo.Events("scope.violation"), e => e.Payload.Contains("leak.txt", StringComparison.Ordinal));
        var complete = KosProcess.Run(repo.Root, "complete-task", repo.Task);
        Assert.NotEqual(0, complete.Code);
        Assert.Contains("leak.txt", complete.Err, StringComparison.Ordinal);

        // MCP tool and subagent: recorded as capabilities; the subagent's own tool calls count for the task.
        Assert.Contains(used, e => e.Task == repo.Task && e.Payload.Contains("\"capability\":\"mcp:kosecho/echo\"", StringComparison.Ordinal)
                                   && e.Payload.Contains("\"entry\":\"mcp/kosecho\"", StringComparison.Ordinal));
        Assert.Contains("prompt", Assert.Single(repo.Events("prompt.submitted")).Payload, StringComparison.Ordinal);
        Assert.Contains(used, e => e.Task == repo.Task && e.Payload.Contains("\"capability\":\"subagent:general-purpose\"", StringComparison.Ordinal));
        Assert.Contains(used, e => e.Task == repo.Task && e.Payload.Contains("\"capability\":\"shell:bash\"", StringComparison.Ordinal)
                                   && JsonNode.Parse(e.Payload)!["subagentId"] is not null);

        // SessionStart injected the task's context pack into the model's context.
        Assert.Contains($"Context pack: {repo.Task}", model.AllRequests, StringComparison.Ordinal);

        // Stop without evidence: blocked exactly once; after the eval through kos's MCP tool the session completed.
        Assert.Single(repo.Events("session.stop-blocked"));
        Assert.Contains("eval-task", model.AllRequests, StringComparison.Ordinal);
        Assert.NotEmpty(repo.Events("evidence.recorded"));
        Assert.Contains(repo.Events("session.stopped"), e => e.Payload.Contains("\"stopHookActive\":true", StringComparison.Ordinal));

        // Undo the leak, re-run the evals on the clean tree: now the task completes.
        File.Delete(repo.Repo.PathOf("leak.txt"));
        KosProcess.Ok(repo.Root, "eval-task", repo.Task);
        KosProcess.Ok(repo.Root, "complete-task", repo.Task);
    }

    private static void MCP(GovernedRepo repo)
    {
        McpEchoServer.WriteInto(repo.Root);
        var mcp = JsonNode.Parse(File.ReadAllText(repo.Repo.PathOf(".mcp.json")))!;
        mcp["mcpServers"]!["kos"] = new JsonObject { ["type"] = "stdio", ["command"] = Node.KosCommand()[0], ["args"] = new JsonArray([.. Node.KosCommand("mcp")[1..].Select(a => (JsonNode?)a)]) };
        File.WriteAllText(repo.Repo.PathOf(".mcp.json"), mcp.ToJsonString());
        repo.Repo.Write(".claude/settings.json", """{"enableAllProjectMcpServers": true, "permissions": {"allow": ["Bash(ls:*)"]}}""");
        repo.Repo.Write(".gitignore", ".home/\n.claude/\n.mcp.json\nmcp-echo.js\n");
    }
}
