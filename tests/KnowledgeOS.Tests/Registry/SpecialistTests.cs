using KnowledgeOS.Registry;
using KnowledgeOS.Registry.Catalog;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Registry;

/// <summary>The kernel's catalog decisions: how a catalog is read, what a specialist may use, which entry a dispatch names.</summary>
public sealed class SpecialistTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public SpecialistTests()
    {
        new InProcess(_repo.Root).Ok("init");
        using var k = Open();
        k.Registry.Add(new RegistryEntry { Kind = EntryKinds.Orchestrator, Name = "maestro", Origin = EntryOrigins.Manual, Command = "node" });
        k.Registry.ImportCatalog("orchestrator/maestro",
        [
            Agent("code-reviewer", "Review methodology", ("claude", "maestro:code-reviewer", ["Read", "Glob", "Grep"]), ("gemini", "code_reviewer", ["read_file", "grep_search"]),
                ("codex", "code-reviewer", ["direct file reads", "exec_command (`rg`)"])),
            Agent("coder", "Coder methodology", ("claude", "maestro:coder", ["Read", "Write", "Edit", "Bash"])),
        ]);
    }

    public void Dispose() => _repo.Dispose();

    private static CatalogAgent Agent(string name, string body, params (string Runtime, string Dispatch, string[] Tools)[] runtimes) =>
        new(name, null, []) { Runtimes = [.. runtimes.Select(r => new CatalogRuntime(r.Runtime, r.Dispatch, r.Tools, body + " for " + r.Runtime))] };

    private Kernel Open() => Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", "s1");

    private void Strictness(string level) => File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), $"strictness = \"{level}\"\n");

    [Theory]
    [InlineData("maestro:code-reviewer")]
    [InlineData("code-reviewer")]
    [InlineData("code_reviewer")]
    public void a_dispatch_by_any_runtimes_name_finds_the_one_specialist(string dispatched)
    {
        using var k = Open();
        var s = k.Registry.FindSpecialist(k.Store, dispatched);
        Assert.Equal("subagent/code-reviewer", s?.Key);
        Assert.Equal("orchestrator/maestro", s?.Orchestrator);
    }

    [Fact]
    public void another_plugins_namespace_does_not_reach_maestros_specialist()
    {
        using var k = Open();
        Assert.Null(k.Registry.FindSpecialist(k.Store, "evil:code-reviewer"));
    }

    [Fact]
    public void a_tool_outside_the_declared_set_is_denied_in_strict_mode_and_warned_otherwise()
    {
        Strictness("strict");
        using (var k = Open())
        {
            Assert.Null(k.Registry.DecideSpecialistTool(k.Store, "claude", "maestro:code-reviewer", "Read"));
            var d = k.Registry.DecideSpecialistTool(k.Store, "claude", "maestro:code-reviewer", "Write");
            Assert.Equal(CapabilityVerdict.Deny, d?.Verdict);
            Assert.Equal("subagent/code-reviewer", d?.EntryKey);
            Assert.Contains("Read, Glob, Grep", d!.Reason, StringComparison.Ordinal);
            Assert.Equal(CapabilityVerdict.Deny, k.Registry.DecideSpecialistTool(k.Store, "claude", "maestro:code-reviewer", "Bash")?.Verdict);
            Assert.Null(k.Registry.DecideSpecialistTool(k.Store, "claude", "maestro:coder", "Bash"));
        }

        Strictness("standard");
        using (var k = Open())
        {
            var d = k.Registry.DecideSpecialistTool(k.Store, "claude", "maestro:code-reviewer", "Write");
            Assert.Equal(CapabilityVerdict.Allow, d?.Verdict);
            Assert.NotNull(d?.Warning);
        }
    }

    [Fact]
    public void each_runtime_is_held_to_its_own_declared_names()
    {
        Strictness("strict");
        using var k = Open();
        Assert.Null(k.Registry.DecideSpecialistTool(k.Store, "gemini", "code_reviewer", "read_file"));
        Assert.Equal(CapabilityVerdict.Deny, k.Registry.DecideSpecialistTool(k.Store, "gemini", "code_reviewer", "write_file")?.Verdict);
        // Codex reports its exec_command to hooks as Bash; the declaration "exec_command (`rg`)" covers it, apply_patch is not declared.
        Assert.Null(k.Registry.DecideSpecialistTool(k.Store, "codex", "code-reviewer", "Bash"));
        Assert.Equal(CapabilityVerdict.Deny, k.Registry.DecideSpecialistTool(k.Store, "codex", "code-reviewer", "apply_patch")?.Verdict);
    }

    [Fact]
    public void a_changed_methodology_is_a_new_version_and_the_same_one_changes_nothing()
    {
        using var k = Open();
        var v1 = k.Registry.Find(k.Store, EntryKinds.Subagent, "coder")!;
        Assert.Equal(1, v1.Version);
        var same = k.Registry.ImportCatalog("orchestrator/maestro",
        [
            Agent("code-reviewer", "Review methodology", ("claude", "maestro:code-reviewer", ["Read", "Glob", "Grep"]), ("gemini", "code_reviewer", ["read_file", "grep_search"]),
                ("codex", "code-reviewer", ["direct file reads", "exec_command (`rg`)"])),
            Agent("coder", "Coder methodology v2", ("claude", "maestro:coder", ["Read", "Write", "Edit", "Bash"])),
        ]);
        Assert.Equal(["subagent/coder"], same.Updated.Select(e => e.Key));
        var v2 = k.Registry.Find(k.Store, EntryKinds.Subagent, "coder")!;
        Assert.Equal(2, v2.Version);
        Assert.Equal([v1.Methodology, v2.Methodology], v2.Versions!.Select(v => v.Methodology));
        Assert.NotEqual(v1.Methodology, v2.Methodology);
    }

    [Fact]
    public void a_catalog_without_a_list_tool_is_read_through_its_runtime_context_in_batches()
    {
        var plan = CatalogProtocol.Choose("orchestrator/maestro",
        [
            new CatalogTool("create_session", null),
            new CatalogTool("get_agent", """{"type":"object","properties":{"agents":{"type":"array","items":{"type":"string"}}},"required":["agents"]}"""),
            new CatalogTool("get_runtime_context", """{"type":"object","properties":{}}"""),
        ]);
        Assert.Null(plan.Lister);
        Assert.Equal("get_runtime_context", plan.RuntimeContext);
        Assert.Equal(("get_agent", "agents", true), (plan.Describer, plan.Argument, plan.Batch));

        var listed = CatalogProtocol.Choose("orchestrator/x", [new CatalogTool("list_agents", null), new CatalogTool("get_agent", """{"properties":{"name":{"type":"string"}},"required":["name"]}""")]);
        Assert.Equal(("list_agents", "name", false), (listed.Lister, listed.Argument, listed.Batch));

        var none = Assert.Throws<KosException>(() => CatalogProtocol.Choose("mcp/echo", [new CatalogTool("echo", null)]));
        Assert.Contains("its tools: echo", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_batch_answer_gives_each_agents_details_and_the_names_it_refused()
    {
        var (found, errors) = CatalogAnswers.Described(
            """{"agents":{"coder":{"body":"\nYou are a **Senior Software Engineer**.\n\nMore.","tools":["Read","Write"],"tool_name":"coder"}},"errors":{"nope":"Unknown agent identifier"}}""",
            ["coder", "nope", "tester"]);
        Assert.Equal(["Read", "Write"], found["coder"].Tools);
        Assert.Equal("You are a Senior Software Engineer.", found["coder"].Description);
        Assert.Equal("coder", found["coder"].ToolName);
        Assert.Equal("Unknown agent identifier", errors["nope"]);
        Assert.Equal("not in the answer", errors["tester"]);

        var context = CatalogAnswers.Context("""{"runtime":"claude","agent_dispatch":{"prefix":"maestro:"},"agents":["coder","tester","coder"]}""");
        Assert.Equal(("claude", "maestro:"), (context!.Runtime, context.DispatchPrefix));
        Assert.Equal(["coder", "tester"], context.Agents);
    }
}
