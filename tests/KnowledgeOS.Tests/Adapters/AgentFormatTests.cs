using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters;
using KnowledgeOS.Hooks;

namespace KnowledgeOS.Testing.Adapters;

/// <summary>Each agent is answered in its own format: a deny one agent honours is ignored by another.</summary>
public sealed class AgentFormatTests
{
    private static HookEvent Event(IAgentAdapter a, string name, string json) => new(a.Name, name, a.Classify(name), (JsonObject)JsonNode.Parse(json)!);

    [Fact]
    public void claude_denies_through_hook_specific_output()
    {
        var a = KnowledgeOS.Cli.Adapters.Adapters.Find("claude")!;
        var r = a.Render(Event(a, "pre-tool-use", """{"hook_event_name":"PreToolUse"}"""), HookDecision.Deny("no"));
        var o = JsonNode.Parse(r.Stdout)!["hookSpecificOutput"]!;
        Assert.Equal("deny", o["permissionDecision"]!.GetValue<string>());
        Assert.Equal("no", o["permissionDecisionReason"]!.GetValue<string>());
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void gemini_denies_with_a_top_level_decision_because_it_ignores_claudes_format()
    {
        var a = KnowledgeOS.Cli.Adapters.Adapters.Find("gemini")!;
        var r = a.Render(Event(a, "BeforeTool", "{}"), HookDecision.Deny("no"));
        Assert.Equal("deny", JsonNode.Parse(r.Stdout)!["decision"]!.GetValue<string>());
        Assert.Null(JsonNode.Parse(r.Stdout)!["hookSpecificOutput"]);
    }

    [Fact]
    public void codex_denies_with_permission_decision_because_a_top_level_deny_does_not_block_it()
    {
        var a = KnowledgeOS.Cli.Adapters.Adapters.Find("codex")!;
        var r = a.Render(Event(a, "PreToolUse", "{}"), HookDecision.Deny("no"));
        Assert.Equal("deny", JsonNode.Parse(r.Stdout)!["hookSpecificOutput"]!["permissionDecision"]!.GetValue<string>());
    }

    [Fact]
    public void cursor_answers_with_permission()
    {
        var a = KnowledgeOS.Cli.Adapters.Adapters.Find("cursor")!;
        var r = a.Render(Event(a, "beforeShellExecution", "{}"), HookDecision.Deny("no"));
        Assert.Equal("deny", JsonNode.Parse(r.Stdout)!["permission"]!.GetValue<string>());
        Assert.Equal("allow", JsonNode.Parse(a.Render(Event(a, "beforeShellExecution", "{}"), HookDecision.Allow).Stdout)!["permission"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    [InlineData("cursor")]
    public void a_strict_failure_exits_2_which_every_agent_treats_as_a_block(string agent)
    {
        var a = KnowledgeOS.Cli.Adapters.Adapters.Find(agent)!;
        var r = a.FailClosed(HookKind.PreTool, "pre-tool-use", "boom");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("boom", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claude", "Stop")]
    [InlineData("codex", "Stop")]
    [InlineData("gemini", "AfterAgent")]
    public void a_stop_is_blocked_with_decision_block(string agent, string eventName)
    {
        var a = KnowledgeOS.Cli.Adapters.Adapters.Find(agent)!;
        var r = a.Render(Event(a, eventName, "{}"), HookDecision.Block("run evals"));
        Assert.Equal("block", JsonNode.Parse(r.Stdout)!["decision"]!.GetValue<string>());
    }
}
