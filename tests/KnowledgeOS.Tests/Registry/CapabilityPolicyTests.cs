using System.Text.Json.Nodes;
using KnowledgeOS.Registry;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Registry;

public sealed class CapabilityPolicyTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public CapabilityPolicyTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
        _repo.Write(".mcp.json", "{\"mcpServers\": {\"github\": {\"command\": \"gh-mcp\"}, \"plugin_tools_db\": {\"command\": \"db\"}}}");
        _repo.Write(".claude/agents/reviewer.md", "---\nname: reviewer\ndescription: Reviews\n---\n");
        _repo.Write(".claude/skills/pdf/SKILL.md", "---\nname: pdf\ndescription: PDFs\n---\n");
        _kos.Ok("registry", "sync");
    }

    public void Dispose() => _repo.Dispose();

    private void Strictness(string level) =>
        File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), $"strictness = \"{level}\"\n");

    private Kernel Open() => Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", "s1");

    [Theory]
    [InlineData("mcp__github__create_issue", null, null, "mcp:github/create_issue", "mcp/github")]
    [InlineData("Agent", "reviewer", null, "subagent:reviewer", "subagent/reviewer")]
    [InlineData("Task", "reviewer", null, "subagent:reviewer", "subagent/reviewer")]
    [InlineData("Agent", null, null, "subagent:general-purpose", "subagent/general-purpose")]
    [InlineData("Skill", null, "pdf", "skill:pdf", "skill/pdf")]
    [InlineData("Bash", null, null, "shell:bash", "shell/bash")]
    [InlineData("run_shell_command", null, null, "shell:bash", "shell/bash")]
    public void each_tool_use_maps_to_its_registry_entry_and_is_allowed(string tool, string? subagent, string? skill, string capability, string entry)
    {
        using var k = Open();
        var d = k.Registry.DecideCapability(tool, subagent, skill);
        Assert.Equal(CapabilityVerdict.Allow, d.Verdict);
        Assert.Equal(capability, d.Capability);
        Assert.Equal(entry, d.EntryKey);
    }

    [Fact]
    public void file_tools_are_not_governed_by_the_registry()
    {
        using var k = Open();
        Assert.Equal(CapabilityVerdict.NotGoverned, k.Registry.DecideCapability("Write", null, null).Verdict);
        Assert.Equal(CapabilityVerdict.NotGoverned, k.Registry.DecideCapability("Read", null, null).Verdict);
    }

    [Fact]
    public void a_denied_capability_is_refused_and_the_refusal_is_recorded()
    {
        _kos.Ok("registry", "set-policy", "github", "deny");
        var r = _kos.Run("capability-event", "mcp__github__create_issue", "--json");
        Assert.Equal(1, r.Code);
        var o = JsonNode.Parse(r.Out)!;
        Assert.Equal("deny", o["verdict"]!.GetValue<string>());
        Assert.Null(o["marker"]);
        Assert.Contains("\"capability.denied\"", _kos.Ok("trace", "--json").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_capability_is_recorded_as_unknown_in_standard_mode_and_denied_in_strict()
    {
        var standard = _kos.Run("capability-event", "mcp__slack__post");
        Assert.Equal(0, standard.Code);
        Assert.Contains("unknown mcp:slack/post", standard.Out, StringComparison.Ordinal);
        Assert.Contains("not in the registry", standard.Err, StringComparison.Ordinal);

        Strictness("strict");
        var strict = _kos.Run("capability-event", "mcp__slack__post");
        Assert.Equal(1, strict.Code);
        Assert.Contains("strict mode denies unknown capabilities", strict.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_missing_entry_counts_as_unknown()
    {
        File.Delete(_repo.PathOf(".claude/agents/reviewer.md"));
        _kos.Ok("registry", "sync");
        Strictness("strict");
        using var k = Open();
        var d = k.Registry.DecideCapability("Agent", "reviewer", null);
        Assert.Equal(CapabilityVerdict.Deny, d.Verdict);
        Assert.Contains("no longer declared", d.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void advisory_mode_allows_a_denied_capability_with_a_warning()
    {
        _kos.Ok("registry", "set-policy", "skill/pdf", "deny");
        Strictness("advisory");
        using var k = Open();
        var d = k.Registry.DecideCapability("Skill", null, "pdf");
        Assert.Equal(CapabilityVerdict.Allow, d.Verdict);
        Assert.Contains("would be denied", d.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void ask_policy_asks_and_earns_no_marker()
    {
        _kos.Ok("registry", "set-policy", "reviewer", "ask");
        var o = JsonNode.Parse(_kos.Ok("capability-event", "Agent", "--subagent-type", "reviewer", "--json").Out)!;
        Assert.Equal("ask", o["verdict"]!.GetValue<string>());
        Assert.Null(o["marker"]);
    }

    [Fact]
    public void an_allowed_use_prints_a_capability_marker_that_verifies_against_the_ledger()
    {
        _kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", "s1");
        var kos = new InProcess(_repo.Root, env: new Dictionary<string, string> { ["KOS_SESSION"] = "s1" });
        var marker = kos.Ok("capability-event", "mcp__github__create_issue").FirstLine;
        Assert.Matches(@"^CAPABILITY_OK mcp:github/create_issue T-[0-9a-z]+ [0-9a-f]{12}$", marker);
        Assert.Equal(0, kos.Run("verify-marker", marker).Code);
        var forged = marker.Replace("github/create_issue", "github/delete_repo", StringComparison.Ordinal);
        Assert.NotEqual(0, kos.Run("verify-marker", forged).Code);
    }

    [Fact]
    public void a_plugin_server_name_maps_to_its_registered_server()
    {
        using var k = Open();
        var d = k.Registry.DecideCapability("mcp__plugin_acme_github__create_issue", null, null);
        Assert.Equal("mcp/github", d.EntryKey);
    }
}
