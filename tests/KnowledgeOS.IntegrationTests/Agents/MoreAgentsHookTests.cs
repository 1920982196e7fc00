using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// <c>kos hook copilot|qwen|opencode</c> with payloads in each agent's own shape (as observed from the real clients):
/// subagents, unreadable arguments and failures, answered in the agent's own format.
/// </summary>
[Collection("agents")]
public sealed class MoreAgentsHookTests
{
    private static ProcessRun Hook(GovernedRepo repo, string agent, string ev, JsonObject payload) =>
        KosProcess.Run(repo.Root, (IReadOnlyDictionary<string, string>?)null, payload.ToJsonString(), "hook", agent, ev);

    [Fact]
    public void copilot_tool_args_sent_as_a_json_string_are_checked_and_denied_in_copilots_format()
    {
        using var repo = new GovernedRepo("copilot", "cp-1");
        var r = Hook(repo, "copilot", "pre-tool-use", new JsonObject
        {
            ["sessionId"] = "cp-1", ["cwd"] = repo.Root, ["toolName"] = "edit",
            ["toolArgs"] = new JsonObject { ["path"] = "docs/notes.md", ["old_str"] = "a", ["new_str"] = "b" }.ToJsonString(),
        });
        Assert.True(r.Code == 0, r.ToString());
        var answer = JsonNode.Parse(r.Out)!;
        Assert.Equal("deny", answer["permissionDecision"]!.GetValue<string>());
        Assert.Contains("docs/notes.md", answer["permissionDecisionReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(repo.Events("capability.denied"), e => e.Task == repo.Task && e.Payload.Contains("docs/notes.md", StringComparison.Ordinal));
    }

    [Fact]
    public void copilot_tool_args_kos_cannot_read_are_refused_not_allowed()
    {
        using var repo = new GovernedRepo("copilot", "cp-2");
        var r = Hook(repo, "copilot", "pre-tool-use", new JsonObject
        {
            ["sessionId"] = "cp-2", ["cwd"] = repo.Root, ["toolName"] = "create", ["toolArgs"] = "{\"path\": \"src/a.txt\", \"file_te",
        });
        Assert.Equal("deny", JsonNode.Parse(r.Out)!["permissionDecision"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("copilot", "pre-tool-use", "task", "agent_type")]
    [InlineData("qwen", "pre-tool-use", "agent", "subagent_type")]
    [InlineData("opencode", "tool-execute-before", "task", "subagent_type")]
    public void a_subagent_dispatch_is_recorded_as_that_subagent(string agent, string ev, string tool, string field)
    {
        using var repo = new GovernedRepo(agent, agent + "-sub");
        var input = new JsonObject { [field] = "code-reviewer", ["prompt"] = "Review src/", ["description"] = "review" };
        var payload = agent switch
        {
            "copilot" => new JsonObject { ["sessionId"] = agent + "-sub", ["cwd"] = repo.Root, ["toolName"] = tool, ["toolArgs"] = input },
            "qwen" => new JsonObject { ["session_id"] = agent + "-sub", ["cwd"] = repo.Root, ["hook_event_name"] = "PreToolUse", ["tool_name"] = tool, ["tool_input"] = input },
            _ => new JsonObject { ["sessionID"] = agent + "-sub", ["directory"] = repo.Root, ["tool"] = tool, ["callID"] = "c1", ["args"] = input },
        };
        var r = Hook(repo, agent, ev, payload);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains(repo.Events().Where(e => e.Type.StartsWith("capability.", StringComparison.Ordinal)),
            e => e.Task == repo.Task && e.Payload.Contains("\"capability\":\"subagent:code-reviewer\"", StringComparison.Ordinal));
    }

    [Fact]
    public void a_copilot_mcp_tool_is_governed_by_the_registry_as_mcp()
    {
        using var repo = new GovernedRepo("copilot", "cp-mcp");
        repo.Repo.Write(".mcp.json", """{"mcpServers":{"kos-echo":{"type":"stdio","command":"node","args":["mcp-echo.js"]}}}""");
        KosProcess.Ok(repo.Root, "registry", "sync");
        KosProcess.Ok(repo.Root, "registry", "set-policy", "mcp/kos-echo", "deny");
        // Copilot names it SERVER-TOOL (observed with a real stdio server); the server's own name has a dash too.
        var r = Hook(repo, "copilot", "pre-tool-use", new JsonObject
        {
            ["sessionId"] = "cp-mcp", ["cwd"] = repo.Root, ["toolName"] = "kos-echo-echo", ["toolArgs"] = new JsonObject { ["text"] = "hi" },
        });
        Assert.Equal("deny", JsonNode.Parse(r.Out)!["permissionDecision"]!.GetValue<string>());
        Assert.Contains(repo.Events("capability.denied"), e => e.Payload.Contains("\"capability\":\"mcp:kos-echo/echo\"", StringComparison.Ordinal));
    }

    [Fact]
    public void an_opencode_stop_without_evidence_is_blocked_once_then_let_go()
    {
        using var repo = new GovernedRepo("opencode", "oc-stop");
        var first = Hook(repo, "opencode", "session-idle", new JsonObject { ["sessionID"] = "oc-stop", ["directory"] = repo.Root, ["stopHookActive"] = false });
        Assert.Equal("block", JsonNode.Parse(first.Out)!["decision"]!.GetValue<string>());
        var again = Hook(repo, "opencode", "session-idle", new JsonObject { ["sessionID"] = "oc-stop", ["directory"] = repo.Root, ["stopHookActive"] = true });
        Assert.True(again.Code == 0 && again.Out.Length == 0, again.ToString());
    }

    [Theory]
    [InlineData("copilot", "pre-tool-use")]
    [InlineData("qwen", "PreToolUse")]
    [InlineData("opencode", "tool-execute-before")]
    public void an_unreadable_payload_fails_closed_with_exit_2(string agent, string ev)
    {
        using var repo = new GovernedRepo(agent, agent + "-bad");
        var r = KosProcess.Run(repo.Root, (IReadOnlyDictionary<string, string>?)null, "{\"toolName\": \"crea", "hook", agent, ev);
        Assert.Equal(2, r.Code);
        Assert.Contains("refused", r.Err, StringComparison.Ordinal);
    }
}
