using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Hooks;

/// <summary>
/// One capability pipeline: a hook's tool call and 'kos capability-event' are classified by one
/// classifier, recorded the same way, registry policy ask reaches the agent as its own ask answer
/// (or a strict deny / a recorded warning where it has none), and hook denials reach the context pack.
/// </summary>
public sealed class CapabilityPipelineTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;
    private readonly string _task;

    public CapabilityPipelineTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
        _repo.Write(".mcp.json", "{\"mcpServers\": {\"github\": {\"command\": \"gh-mcp\"}}}");
        _kos.Ok("registry", "sync");
        _task = _kos.Ok("create-task", "Fix typo", "--quick", "--scope", "src/**", "--session", "s1").FirstLine;
    }

    public void Dispose() => _repo.Dispose();

    private void Strictness(string level)
    {
        var config = _repo.PathOf(".agent-os/config.toml");
        File.WriteAllText(config, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(config), "strictness = \"[a-z]+\"", $"strictness = \"{level}\""));
    }

    private CliRun Hook(string agent, string ev, JsonObject payload)
    {
        payload["cwd"] = _repo.Root;
        return _kos.RunWithInput(payload.ToJsonString(), "hook", agent, ev);
    }

    private static JsonObject Tool(string tool, JsonObject? input = null, string session = "s1") => new()
    {
        ["session_id"] = session, ["hook_event_name"] = "PreToolUse", ["tool_name"] = tool, ["tool_input"] = input ?? new JsonObject(),
    };

    private List<JsonObject> Events(string type) =>
        JsonNode.Parse(_kos.Ok("trace", "--json").Out)!.AsArray()
            .Select(e => e!.AsObject()).Where(e => e["type"]!.GetValue<string>() == type).ToList();

    private static string Payload(JsonObject e, string field) => e["payload"]![field]!.GetValue<string>();

    [Fact]
    public void a_registry_ask_makes_claude_ask_the_user_and_earns_no_marker()
    {
        _kos.Ok("registry", "set-policy", "github", "ask");
        var r = Hook("claude", "PreToolUse", Tool("mcp__github__create_issue"));
        Assert.Equal(0, r.Code);
        var answer = JsonNode.Parse(r.Out)!["hookSpecificOutput"]!;
        Assert.Equal("ask", answer["permissionDecision"]!.GetValue<string>());
        Assert.Contains("mcp:github/create_issue", answer["permissionDecisionReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("CAPABILITY_OK", r.Err, StringComparison.Ordinal);
        var e = Assert.Single(Events("capability.used"));
        Assert.Equal("asked", Payload(e, "outcome"));
        Assert.Equal("ask", Payload(e, "verdict"));
    }

    [Fact]
    public void a_registry_ask_makes_cursor_ask_the_user()
    {
        _kos.Ok("registry", "set-policy", "github", "ask");
        var r = Hook("cursor", "beforeMCPExecution", new JsonObject { ["conversation_id"] = "s1", ["tool_name"] = "github", ["tool_input"] = "{}" });
        Assert.Equal("ask", JsonNode.Parse(r.Out)!["permission"]!.GetValue<string>());
    }

    [Fact]
    public void a_registry_ask_for_an_agent_that_cannot_ask_is_denied_in_strict_mode()
    {
        _kos.Ok("registry", "set-policy", "github", "ask");
        Strictness("strict");
        var r = Hook("codex", "PreToolUse", Tool("mcp__github__create_issue"));
        var answer = JsonNode.Parse(r.Out)!["hookSpecificOutput"]!;
        Assert.Equal("deny", answer["permissionDecision"]!.GetValue<string>());
        Assert.Contains("cannot ask the user", answer["permissionDecisionReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("denied", Payload(Assert.Single(Events("capability.denied")), "outcome"));
    }

    [Fact]
    public void a_registry_ask_for_an_agent_that_cannot_ask_is_allowed_with_a_recorded_warning_outside_strict_mode()
    {
        _kos.Ok("registry", "set-policy", "github", "ask");
        var r = Hook("gemini", "BeforeTool", Tool("mcp__github__create_issue"));
        Assert.Equal(0, r.Code);
        Assert.Contains("policy ask", JsonNode.Parse(r.Out)!["hookSpecificOutput"]!["additionalContext"]!.GetValue<string>(), StringComparison.Ordinal);
        var e = Assert.Single(Events("capability.used"));
        Assert.Equal("warned", Payload(e, "outcome"));
        Assert.Contains("cannot ask the user", Payload(e, "warning"), StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_tool_is_recorded_the_same_way_by_the_hook_and_by_capability_event()
    {
        Hook("claude", "PreToolUse", Tool("mcp__slack__post"));
        _kos.Ok("capability-event", "mcp__slack__post", "--session", "s1");
        var events = Events("capability.unknown");
        Assert.Equal(2, events.Count);
        Assert.Empty(Events("capability.used"));
        foreach (var field in new[] { "capability", "kind", "outcome", "verdict", "reason", "tool" })
        {
            Assert.Equal(Payload(events[0], field), Payload(events[1], field));
        }

        Assert.Equal("mcp:slack/post", Payload(events[0], "capability"));
        Assert.Equal("unknown", Payload(events[0], "verdict"));
    }

    [Fact]
    public void a_hook_write_denial_reaches_the_context_pack()
    {
        var r = Hook("claude", "PreToolUse", Tool("Write", new JsonObject { ["file_path"] = _repo.PathOf("docs/outside.md"), ["content"] = "x" }));
        Assert.Equal("deny", JsonNode.Parse(r.Out)!["hookSpecificOutput"]!["permissionDecision"]!.GetValue<string>());
        var pack = _kos.Ok("context-pack", _task).Out;
        var denials = pack[pack.IndexOf("Denials so far", StringComparison.Ordinal)..];
        Assert.Contains("docs/outside.md", denials, StringComparison.Ordinal);
    }

    [Fact]
    public void a_reconciled_violation_blocks_completion_for_every_kernel_open_caller()
    {
        _repo.Write("docs/sneaky.md", "written by a shell the pre-tool check could not read");
        var post = Hook("claude", "PostToolUse", Tool("Bash", new JsonObject { ["command"] = "python3 gen.py" }));
        Assert.Equal("block", JsonNode.Parse(post.Out)!["decision"]!.GetValue<string>());

        // No module gates passed: the violation gate is the kernel's own.
        using var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", "s1");
        var task = k.FindTask(k.Store, _task)!;
        var verdict = k.Gates.Run(new Gates.GateContext(task, task with { Phase = Tasks.Phase.Done }, Tasks.Phase.Done, k.Store, k.Project, k.Config, k.Clock, k.Actor));
        Assert.Contains(verdict.Refusals, f => f.Gate == "scope" && f.Reason.Contains("docs/sneaky.md", StringComparison.Ordinal));
    }
}
