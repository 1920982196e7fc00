using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Registry;

public sealed class RegistrySyncTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public RegistrySyncTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private void DeclareEverywhere()
    {
        _repo.Write(".mcp.json", """
            {
              // comments are allowed, as Claude Code allows them
              "mcpServers": {
                "github": { "type": "stdio", "command": "npx", "args": ["-y", "gh"], "env": { "GITHUB_TOKEN": "secret-value" } },
                "docs": { "type": "http", "url": "http://127.0.0.1:9/mcp" }
              }
            }
            """);
        _repo.Write(".claude/agents/reviewer.md", "---\nname: reviewer\ndescription: Reviews diffs for bugs\ntools: Read, Grep, Glob\nmodel: sonnet\n---\nYou review.\n");
        _repo.Write(".claude/skills/pdf/SKILL.md", "---\nname: pdf\ndescription: Fill PDF forms\nallowed-tools:\n  - Read\n  - Bash\n---\n# PDF\n");
        _repo.Write(".codex/config.toml", "model = \"gpt-5.5\"\n\n[mcp_servers.linear]\ncommand = \"linear-mcp\"\nargs = [\"--stdio\"]\n\n[mcp_servers.linear.env]\nLINEAR_KEY = \"k\"\n");
        _repo.Write(".gemini/settings.json", "{\"mcpServers\": {\"search\": {\"command\": \"search-mcp\", \"args\": []}}}");
    }

    private JsonNode Show(string name) => JsonNode.Parse(_kos.Ok("registry", "show", name, "--json").Out)!;

    private int EventCount() => JsonNode.Parse(_kos.Ok("trace", "verify", "--json").Out)!["events"]!.GetValue<int>();

    [Fact]
    public void sync_imports_every_declared_capability_with_its_file_and_line()
    {
        DeclareEverywhere();
        var r = _kos.Ok("registry", "sync", "--json");
        var added = JsonNode.Parse(r.Out)!["added"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("mcp/github", added);
        Assert.Contains("mcp/docs", added);
        Assert.Contains("subagent/reviewer", added);
        Assert.Contains("skill/pdf", added);
        Assert.Contains("mcp/linear", added);
        Assert.Contains("mcp/search", added);

        var github = Show("github");
        Assert.Equal(".mcp.json", github["source"]!.GetValue<string>());
        Assert.Equal(4, github["line"]!.GetValue<int>());
        Assert.Equal("npx", github["command"]!.GetValue<string>());
        Assert.Equal("GITHUB_TOKEN", github["envKeys"]![0]!.GetValue<string>());
        Assert.DoesNotContain("secret-value", _kos.Ok("registry", "list", "--json").Out, StringComparison.Ordinal);

        var reviewer = Show("reviewer");
        Assert.Equal(2, reviewer["line"]!.GetValue<int>());
        Assert.Equal(["Read", "Grep", "Glob"], reviewer["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["Read", "Bash"], Show("pdf")["tools"]!.AsArray().Select(t => t!.GetValue<string>()));

        var linear = Show("linear");
        Assert.Equal(".codex/config.toml", linear["source"]!.GetValue<string>());
        Assert.Equal(3, linear["line"]!.GetValue<int>());
        Assert.Equal("--stdio", linear["args"]![0]!.GetValue<string>());
        Assert.Equal("LINEAR_KEY", linear["envKeys"]![0]!.GetValue<string>());
        Assert.Equal(".gemini/settings.json", Show("search")["source"]!.GetValue<string>());
    }

    [Fact]
    public void a_second_sync_with_nothing_changed_appends_no_event()
    {
        DeclareEverywhere();
        _kos.Ok("registry", "sync");
        var before = EventCount();
        var again = JsonNode.Parse(_kos.Ok("registry", "sync", "--json").Out)!;
        Assert.Equal(0, again["events"]!.GetValue<int>());
        Assert.Equal(before, EventCount());
    }

    [Fact]
    public void an_entry_whose_source_disappeared_is_marked_missing_and_kept()
    {
        DeclareEverywhere();
        _kos.Ok("registry", "sync");
        File.Delete(_repo.PathOf(".claude/agents/reviewer.md"));
        var r = JsonNode.Parse(_kos.Ok("registry", "sync", "--json").Out)!;
        Assert.Equal("subagent/reviewer", r["missing"]![0]!.GetValue<string>());
        Assert.True(Show("subagent/reviewer")["missing"]!.GetValue<bool>());
        Assert.DoesNotContain("reviewer", _kos.Ok("registry", "list").Out, StringComparison.Ordinal);
        Assert.Contains("[missing]", _kos.Ok("registry", "list", "--all").Out, StringComparison.Ordinal);

        _repo.Write(".claude/agents/reviewer.md", "---\nname: reviewer\ndescription: Reviews diffs for bugs\ntools: Read, Grep, Glob\n---\n");
        _kos.Ok("registry", "sync");
        Assert.Null(Show("subagent/reviewer")["missing"]);
    }

    [Fact]
    public void malformed_files_are_reported_with_file_and_line_and_the_others_still_import()
    {
        DeclareEverywhere();
        _repo.Write(".mcp.json", "{\n  \"mcpServers\": {\n    \"github\": { \"command\": \"npx\" \n  }\n");
        _repo.Write(".claude/agents/broken.md", "---\nname: broken\ndescription: [never closed\n---\n");
        _repo.Write(".claude/skills/nameless/SKILL.md", "no front matter here\n");
        _repo.Write(".codex/config.toml", "[mcp_servers.linear]\ncommand = \"linear-mcp\"\nargs = [\"--stdio\"\n");
        var r = _kos.Run("registry", "sync");
        Assert.Equal(2, r.Code);
        Assert.Contains("kos: .mcp.json:", r.Err, StringComparison.Ordinal);
        Assert.Contains("kos: .claude/agents/broken.md:3: front matter is not valid YAML", r.Err, StringComparison.Ordinal);
        Assert.Contains("kos: .claude/skills/nameless/SKILL.md:1: no YAML front matter", r.Err, StringComparison.Ordinal);
        Assert.Contains("kos: .codex/config.toml:", r.Err, StringComparison.Ordinal);
        Assert.Contains("added    subagent/reviewer", r.Out, StringComparison.Ordinal);
        Assert.Contains("added    skill/pdf", r.Out, StringComparison.Ordinal);
        Assert.Contains("added    mcp/search", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void entries_of_a_file_that_became_malformed_are_not_marked_missing()
    {
        DeclareEverywhere();
        _kos.Ok("registry", "sync");
        _repo.Write(".mcp.json", "{ \"mcpServers\": { ");
        var r = _kos.Run("registry", "sync", "--json");
        Assert.Equal(2, r.Code);
        Assert.Empty(JsonNode.Parse(r.Out)!["missing"]!.AsArray());
        Assert.Null(Show("mcp/github")["missing"]);
    }

    [Fact]
    public void a_policy_set_in_kos_survives_a_resync_and_setting_it_again_appends_nothing()
    {
        DeclareEverywhere();
        _kos.Ok("registry", "sync");
        Assert.Contains("policy deny", _kos.Ok("registry", "set-policy", "github", "deny").Out, StringComparison.Ordinal);
        var before = EventCount();
        Assert.Contains("already has policy deny", _kos.Ok("registry", "set-policy", "mcp/github", "deny").Out, StringComparison.Ordinal);
        _repo.Write(".mcp.json", _repo.PathOf(".mcp.json") is var p ? File.ReadAllText(p).Replace("\"gh\"", "\"gh2\"", StringComparison.Ordinal) : "");
        var r = JsonNode.Parse(_kos.Ok("registry", "sync", "--json").Out)!;
        Assert.Equal("mcp/github", r["updated"]![0]!.GetValue<string>());
        Assert.Equal(before + 1, EventCount());
        Assert.Equal("deny", Show("github")["policy"]!.GetValue<string>());
        Assert.Equal("gh2", Show("github")["args"]![1]!.GetValue<string>());
    }

    [Fact]
    public void a_bad_policy_is_refused_with_the_accepted_values()
    {
        DeclareEverywhere();
        _kos.Ok("registry", "sync");
        var r = _kos.Run("registry", "set-policy", "github", "maybe");
        Assert.Equal(2, r.Code);
        Assert.Contains("use allow, ask or deny", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void add_registers_an_orchestrator_by_hand_and_refuses_to_shadow_an_imported_entry()
    {
        DeclareEverywhere();
        _kos.Ok("registry", "sync");
        Assert.Contains("added orchestrator/maestro", _kos.Ok("registry", "add", "--kind", "orchestrator", "maestro", "--command", "maestro-mcp", "--policy", "ask").Out, StringComparison.Ordinal);
        var maestro = Show("maestro");
        Assert.Equal("manual", maestro["origin"]!.GetValue<string>());
        Assert.Equal("ask", maestro["policy"]!.GetValue<string>());
        Assert.Contains("unchanged", _kos.Ok("registry", "add", "--kind", "orchestrator", "maestro", "--command", "maestro-mcp", "--policy", "ask").Out, StringComparison.Ordinal);

        var shadow = _kos.Run("registry", "add", "--kind", "mcp", "github", "--command", "other");
        Assert.Equal(2, shadow.Code);
        Assert.Contains("already in the registry from .mcp.json:4", shadow.Err, StringComparison.Ordinal);

        var kind = _kos.Run("registry", "add", "--kind", "robot", "x");
        Assert.Equal(2, kind.Code);
        Assert.Contains("orchestrator", kind.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void show_of_a_name_several_kinds_share_asks_for_the_kind()
    {
        _repo.Write(".claude/agents/pdf.md", "---\nname: pdf\ndescription: PDF agent\n---\n");
        _repo.Write(".claude/skills/pdf/SKILL.md", "---\nname: pdf\ndescription: PDF skill\n---\n");
        _kos.Ok("registry", "sync");
        var r = _kos.Run("registry", "show", "pdf");
        Assert.Equal(2, r.Code);
        Assert.Contains("skill/pdf", r.Err, StringComparison.Ordinal);
        Assert.Contains("subagent/pdf", r.Err, StringComparison.Ordinal);
        Assert.Contains("PDF skill", _kos.Ok("registry", "show", "skill/pdf").Out, StringComparison.Ordinal);
        Assert.Contains("Did you mean", _kos.Run("registry", "show", "pdff").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_server_declared_for_two_agents_is_one_entry_that_names_both_sources()
    {
        DeclareEverywhere();
        _repo.Write(".codex/config.toml", "[mcp_servers.github]\ncommand = \"npx\"\nargs = [\"-y\", \"gh\"]\n");
        _kos.Ok("registry", "sync");
        var github = Show("mcp/github");
        Assert.Equal(".mcp.json", github["source"]!.GetValue<string>());
        Assert.Equal(".codex/config.toml:1", github["alsoIn"]![0]!.GetValue<string>());
    }
}
