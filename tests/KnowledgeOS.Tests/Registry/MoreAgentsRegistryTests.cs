using System.Text.Json.Nodes;
using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Registry;

/// <summary>registry sync reads GitHub Copilot's, Qwen Code's and OpenCode's own declarations of MCP servers and agents.</summary>
public sealed class MoreAgentsRegistryTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public MoreAgentsRegistryTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private JsonNode Show(string name) => JsonNode.Parse(_kos.Ok("registry", "show", name, "--json").Out)!;

    [Fact]
    public void sync_imports_copilot_qwen_and_opencode_servers_and_agents_with_file_and_line()
    {
        _repo.Write(".github/mcp.json", """
            {
              "mcpServers": {
                "issues": { "type": "local", "command": "issues-mcp", "args": ["--stdio"], "env": { "ISSUES_TOKEN": "copilot-secret" }, "tools": ["*"] }
              }
            }
            """);
        _repo.Write(".github/agents/triage.agent.md", "---\nname: triage\ndescription: Sorts new issues\ntools: ['view', 'bash']\n---\nYou triage.\n");
        _repo.Write(".qwen/settings.json", """{"model": {"name": "qwen3-coder"}, "mcpServers": {"docs": {"command": "docs-mcp", "env": {"DOCS_KEY": "qwen-secret"}}}}""");
        _repo.Write(".qwen/agents/tester.md", "---\nname: tester\ndescription: Writes tests\ntools:\n  - read_file\n  - write_file\n---\nYou test.\n");
        _repo.Write("opencode.json", """
            {
              "$schema": "https://opencode.ai/config.json",
              "mcp": {
                "db": { "type": "local", "command": ["npx", "-y", "db-mcp"], "environment": { "DB_URL": "opencode-secret" } },
                "web": { "type": "remote", "url": "https://mcp.example.invalid/mcp" }
              },
              "agent": {
                "reviewer": { "description": "Reviews code", "mode": "subagent", "tools": { "write": false, "read": true } }
              }
            }
            """);

        var added = JsonNode.Parse(_kos.Ok("registry", "sync", "--json").Out)!["added"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(["mcp/db", "mcp/docs", "mcp/issues", "mcp/web", "subagent/reviewer", "subagent/tester", "subagent/triage"],
            added.Where(a => a is not ("shell/bash" or "subagent/general-purpose" or "subagent/Explore" or "subagent/Plan")).Order(StringComparer.Ordinal));

        var issues = Show("issues");
        Assert.Equal(".github/mcp.json", issues["source"]!.GetValue<string>());
        Assert.Equal(3, issues["line"]!.GetValue<int>());
        Assert.Equal("stdio", issues["transport"]!.GetValue<string>());
        Assert.Equal(".qwen/settings.json", Show("docs")["source"]!.GetValue<string>());
        var db = Show("db");
        Assert.Equal("opencode.json", db["source"]!.GetValue<string>());
        Assert.Equal(4, db["line"]!.GetValue<int>());
        Assert.Equal("npx", db["command"]!.GetValue<string>());
        Assert.Equal(["-y", "db-mcp"], db["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("DB_URL", db["envKeys"]![0]!.GetValue<string>());
        Assert.Equal("https://mcp.example.invalid/mcp", Show("web")["url"]!.GetValue<string>());
        Assert.Equal(["read"], Show("reviewer")["tools"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(".github/agents/triage.agent.md", Show("triage")["source"]!.GetValue<string>());
        Assert.Equal(".qwen/agents/tester.md", Show("tester")["source"]!.GetValue<string>());

        // Secret values are never stored.
        var all = _kos.Ok("registry", "list", "--json").Out;
        foreach (var secret in new[] { "copilot-secret", "qwen-secret", "opencode-secret" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void a_malformed_opencode_json_is_reported_with_its_line_and_the_others_still_import()
    {
        _repo.Write(".qwen/settings.json", """{"mcpServers": {"docs": {"command": "docs-mcp"}}}""");
        _repo.Write("opencode.json", "{\n  \"mcp\": {\n    \"db\": { \"type\": \"local\", \"command\": [\"db\"] \n");
        var r = _kos.Run("registry", "sync");
        Assert.Equal(2, r.Code);
        Assert.Contains("opencode.json:", r.Err, StringComparison.Ordinal);
        Assert.Equal(".qwen/settings.json", Show("docs")["source"]!.GetValue<string>());
    }
}
