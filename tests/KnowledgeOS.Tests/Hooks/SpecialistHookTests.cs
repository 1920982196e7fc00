using System.Text.Json.Nodes;
using KnowledgeOS.Registry;
using KnowledgeOS.Registry.Catalog;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Hooks;

/// <summary>
/// The hooks' attribution of orchestrator specialists: each agent's way of dispatching one (Claude Code's Agent,
/// Codex's spawn_agent, Gemini's tool named after it), the orchestrator's own MCP tools, and a specialist's own
/// tool calls held to its declared tools.
/// </summary>
public sealed class SpecialistHookTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;
    private readonly string _task;

    public SpecialistHookTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
        _kos.Ok("registry", "sync");
        var spec = _kos.Ok("create-spec", "Greeting", "--intent", "Greet users", "--req", "A greeting file").FirstLine;
        _task = _kos.Ok("create-task", "Greeting file", "--spec", spec, "--req", "R1", "--quick", "--scope", "src/**", "--session", "s1").FirstLine;
        using var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", "s0");
        k.Registry.Add(new RegistryEntry { Kind = EntryKinds.Orchestrator, Name = "maestro", Origin = EntryOrigins.Manual, Command = "node" });
        k.Registry.ImportCatalog("orchestrator/maestro",
        [
            Agent("coder", ("claude", "maestro:coder", ["Read", "Write", "Edit", "Bash"]), ("codex", "coder", ["apply_patch", "exec_command"]), ("gemini", "coder", ["read_file", "write_file"])),
            Agent("code-reviewer", ("claude", "maestro:code-reviewer", ["Read", "Glob", "Grep"]), ("gemini", "code_reviewer", ["read_file"])),
        ]);
    }

    public void Dispose() => _repo.Dispose();

    private static CatalogAgent Agent(string name, params (string Runtime, string Dispatch, string[] Tools)[] runtimes) =>
        new(name, null, []) { Runtimes = [.. runtimes.Select(r => new CatalogRuntime(r.Runtime, r.Dispatch, r.Tools, name + " methodology"))] };

    private void Strictness(string level)
    {
        var config = _repo.PathOf(".agent-os/config.toml");
        File.WriteAllText(config, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(config), "strictness = \"[a-z]+\"", $"strictness = \"{level}\""));
    }

    private CliRun Hook(string agent, string tool, JsonObject input, string? agentType = null)
    {
        var payload = new JsonObject
        {
            ["session_id"] = "s1", ["cwd"] = _repo.Root, ["hook_event_name"] = "PreToolUse", ["tool_name"] = tool, ["tool_input"] = input,
        };
        if (agentType is not null)
        {
            payload["agent_id"] = "a-1";
            payload["agent_type"] = agentType;
        }

        return _kos.RunWithInput(payload.ToJsonString(), "hook", agent, agent == "gemini" ? "BeforeTool" : "PreToolUse");
    }

    private JsonObject Last(string type) =>
        JsonNode.Parse(_kos.Ok("trace", "--json").Out)!.AsArray().Select(e => e!.AsObject()).Last(e => e["type"]!.GetValue<string>() == type)["payload"]!.AsObject();

    private static string? S(JsonObject o, string field) => o[field]?.GetValue<string>();

    [Fact]
    public void claudes_dispatch_of_the_plugins_coder_names_the_entry_the_orchestrator_the_task_and_the_requirement()
    {
        Strictness("strict");
        var r = Hook("claude", "Agent", new JsonObject { ["subagent_type"] = "maestro:coder", ["prompt"] = "Agent: coder", ["description"] = "implement" });
        Assert.Contains("CAPABILITY_OK subagent:maestro:coder " + _task, r.Err, StringComparison.Ordinal);
        var e = Last("capability.used");
        Assert.Equal(("subagent/coder", "orchestrator/maestro"), (S(e, "entry"), S(e, "orchestrator")));
        Assert.Equal(["R1"], e["requirements"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void codex_spawn_agent_is_attributed_by_agent_type_or_by_the_delegation_header()
    {
        Hook("codex", "spawn_agent", new JsonObject { ["agent_type"] = "coder", ["message"] = "Write src/app.txt" });
        Assert.Equal(("subagent:coder", "subagent/coder", "orchestrator/maestro"), (S(Last("capability.used"), "capability"), S(Last("capability.used"), "entry"), S(Last("capability.used"), "orchestrator")));

        Hook("codex", "spawn_agent", new JsonObject { ["message"] = "Agent: code-reviewer\nPhase: 2/3\nReview src/app.txt" });
        Assert.Equal("subagent/code-reviewer", S(Last("capability.used"), "entry"));
    }

    [Fact]
    public void geminis_tool_named_after_a_specialist_is_its_dispatch()
    {
        Hook("gemini", "code_reviewer", new JsonObject { ["query"] = "Review src/app.txt" });
        var e = Last("capability.used");
        Assert.Equal(("subagent:code_reviewer", "subagent/code-reviewer", "orchestrator/maestro"), (S(e, "capability"), S(e, "entry"), S(e, "orchestrator")));
    }

    [Fact]
    public void the_orchestrators_own_mcp_tools_are_orchestrator_capabilities()
    {
        Strictness("strict");
        foreach (var tool in new[] { "mcp__maestro__create_session", "mcp__plugin_maestro_maestro__transition_phase" })
        {
            var r = Hook("claude", tool, new JsonObject());
            Assert.Equal(0, r.Code);
            var e = Last("capability.used");
            Assert.Equal("orchestrator", S(e, "kind"));
            Assert.Equal(("orchestrator/maestro", "orchestrator/maestro"), (S(e, "entry"), S(e, "orchestrator")));
            Assert.StartsWith("orchestrator:maestro/", S(e, "capability"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void inside_a_specialist_an_undeclared_tool_is_denied_in_strict_mode_and_warned_otherwise()
    {
        Strictness("strict");
        var denied = Hook("claude", "Write", new JsonObject { ["file_path"] = _repo.PathOf("src/review.txt"), ["content"] = "LGTM" }, "maestro:code-reviewer");
        Assert.Contains("\"permissionDecision\":\"deny\"", denied.Out, StringComparison.Ordinal);
        Assert.Contains("declared to use only Read, Glob, Grep", denied.Out, StringComparison.Ordinal);
        Assert.Equal("subagent/code-reviewer", S(Last("capability.denied"), "specialist"));

        // Escapes a capable agent would try: a shell, a nested subagent, the orchestrator's own tools.
        foreach (var (tool, input) in new[] { ("Bash", new JsonObject { ["command"] = "echo x > src/r.txt" }), ("Agent", new JsonObject { ["subagent_type"] = "general-purpose" }), ("mcp__maestro__create_session", new JsonObject()) })
        {
            Assert.Contains("\"permissionDecision\":\"deny\"", Hook("claude", tool, input, "maestro:code-reviewer").Out, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\"permissionDecision\":\"deny\"", Hook("claude", "Read", new JsonObject { ["file_path"] = _repo.PathOf("src/app.txt") }, "maestro:code-reviewer").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\"permissionDecision\":\"deny\"", Hook("claude", "Write", new JsonObject { ["file_path"] = _repo.PathOf("src/app.txt"), ["content"] = "hi" }, "maestro:coder").Out, StringComparison.Ordinal);
        Assert.Equal("subagent/coder", S(Last("capability.used"), "specialist"));

        Strictness("standard");
        var warned = Hook("claude", "Write", new JsonObject { ["file_path"] = _repo.PathOf("src/review.txt"), ["content"] = "LGTM" }, "maestro:code-reviewer");
        Assert.DoesNotContain("\"permissionDecision\":\"deny\"", warned.Out, StringComparison.Ordinal);
        var e = Last("capability.used");
        Assert.Equal("warned", S(e, "outcome"));
        Assert.Contains("declared to use only Read, Glob, Grep", S(e, "warning"), StringComparison.Ordinal);
    }
}
