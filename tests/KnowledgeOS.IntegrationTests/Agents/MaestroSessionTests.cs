using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// A real Claude Code session (scripted model) with the real Maestro plugin loaded, governed by kos in strict mode:
/// the dispatch of Maestro's coder is attributed to its registry entry and orchestrator, with the task and requirement;
/// Maestro's own MCP tools are orchestrator capabilities; a specialist's undeclared tool is denied.
/// </summary>
[Collection("agents")]
public sealed class MaestroSessionTests
{
    [Fact]
    public void dispatching_maestros_coder_is_attributed_and_a_specialists_undeclared_tool_is_denied_in_strict_mode()
    {
        var session = Guid.NewGuid().ToString();
        using var repo = new GovernedRepo("claude", session, "strict", requirement: true);
        repo.Repo.Write(".gitignore", ".home/\n.claude/\n");
        var home = repo.Repo.PathOf(".home");
        Directory.CreateDirectory(home);
        var env = new Dictionary<string, string> { ["HOME"] = home, ["IS_SANDBOX"] = "1", ["DISABLE_AUTOUPDATER"] = "1", ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1" };
        KosProcess.Ok(repo.Root, "registry", "sync");
        KosProcess.Ok(repo.Root, "registry", "add", "maestro", "--kind", "orchestrator", "--command", "node", "--arg", MaestroPeer.Server());
        KosProcess.Ok(repo.Root, "registry", "import-catalog", "maestro");

        // The session loads Maestro's Claude Code plugin from a copy an agent has edited to widen a specialist: Claude Code
        // now offers code-reviewer every tool, but the registry holds what Maestro declared (Read, Glob, Grep).
        var plugin = MaestroPeer.CopyTo(Path.Combine(home, "maestro"), "claude");
        var reviewerFile = Path.Combine(plugin, "agents", "code-reviewer.md");
        var text = File.ReadAllText(reviewerFile);
        File.WriteAllText(reviewerFile, text.Replace("tools:\n  - Read\n  - Glob\n  - Grep\n", "", StringComparison.Ordinal));
        Assert.NotEqual(text, File.ReadAllText(reviewerFile));
        Assert.Equal(0, repo.Install("claude").Code);

        using var model = new AnthropicStandIn(
        [
            Turn.Call("Agent", new JsonObject { ["description"] = "Implement the greeting", ["prompt"] = "Agent: coder\nPhase: 1/1\nWrite src/app.txt.", ["subagent_type"] = "maestro:coder" }),
            Turn.Call("Agent", new JsonObject { ["description"] = "Review the greeting", ["prompt"] = "Agent: code-reviewer\nReview src/app.txt.", ["subagent_type"] = "maestro:code-reviewer" }),
            Turn.Call("mcp__plugin_maestro_maestro__get_runtime_context", new JsonObject()),
            Turn.Say("Done."),
            Turn.Call("Bash", new JsonObject { ["command"] = $"{GovernedRepo.KosCommand} eval-task {repo.Task}", ["description"] = "record evidence" }),
            Turn.Say("Evidence recorded."),
        ],
        [Turn.Say("Nothing to do.")])
        {
            Subagents = new Dictionary<string, IReadOnlyList<Turn>>
            {
                ["agents: [\"coder\"]"] = [Turn.Call("Write", new JsonObject { ["file_path"] = repo.Repo.PathOf("src/app.txt"), ["content"] = "hello\n" }), Turn.Say("Wrote it.")],
                ["agents: [\"code-reviewer\"]"] = [Turn.Call("Write", new JsonObject { ["file_path"] = repo.Repo.PathOf("src/review.txt"), ["content"] = "LGTM\n" }), Turn.Say("Reviewed.")],
            },
        };
        var run = AgentClis.Run(AgentClis.Claude, repo.Root,
            new Dictionary<string, string>(env) { ["ANTHROPIC_BASE_URL"] = model.BaseUrl, ["ANTHROPIC_API_KEY"] = "sk-test-not-a-real-key" },
            TimeSpan.FromMinutes(4), "-p", "Greet users, with Maestro.", "--output-format", "json", "--dangerously-skip-permissions", "--session-id", session, "--plugin-dir", plugin);
        Assert.True(run.Code == 0, run.ToString());
        var events = repo.Events().Where(e => e.Type is "capability.used" or "capability.denied" or "capability.unknown").Select(e => (e.Type, e.Task, Payload: JsonNode.Parse(e.Payload)!)).ToList();
        string? Field(JsonNode p, string name) => p[name]?.GetValue<string>();

        // The dispatch names the specialist's entry, its orchestrator, the task and the requirement.
        var dispatch = Assert.Single(events, e => Field(e.Payload, "capability") == "subagent:maestro:coder");
        Assert.Equal("capability.used", dispatch.Type);
        Assert.Equal(repo.Task, dispatch.Task);
        Assert.Equal("subagent/coder", Field(dispatch.Payload, "entry"));
        Assert.Equal("orchestrator/maestro", Field(dispatch.Payload, "orchestrator"));
        Assert.Equal(["R1"], dispatch.Payload["requirements"]!.AsArray().Select(n => n!.GetValue<string>()));

        // The coder's own Write is declared: allowed, attributed to the specialist.
        Assert.Equal("hello\n", File.ReadAllText(repo.Repo.PathOf("src/app.txt")));
        Assert.Contains(events, e => e.Type == "capability.used" && Field(e.Payload, "tool") == "Write" && Field(e.Payload, "specialist") == "subagent/coder");

        // Maestro's own MCP tool: an orchestrator capability.
        var own = Assert.Single(events, e => Field(e.Payload, "tool") == "mcp__plugin_maestro_maestro__get_runtime_context" && e.Type == "capability.used");
        Assert.Equal("orchestrator:maestro/get_runtime_context", Field(own.Payload, "capability"));
        Assert.Equal("orchestrator", Field(own.Payload, "kind"));
        Assert.Equal("orchestrator/maestro", Field(own.Payload, "entry"));

        // code-reviewer is declared Read, Glob, Grep: its Write is denied in strict mode though Claude offered it.
        Assert.False(File.Exists(repo.Repo.PathOf("src/review.txt")), run.ToString());
        var denied = Assert.Single(events, e => e.Type == "capability.denied" && Field(e.Payload, "tool") == "Write");
        Assert.Equal("subagent/code-reviewer", Field(denied.Payload, "specialist"));
        Assert.Contains("declared to use only Read, Glob, Grep", Field(denied.Payload, "reason"), StringComparison.Ordinal);
        Assert.Contains("refused inside the maestro:code-reviewer subagent", model.AllRequests, StringComparison.Ordinal);
    }
}
