using System.Text.Json.Nodes;
using KnowledgeOS.Scopes;

namespace KnowledgeOS.Testing.FailClosed;

/// <summary>The agents' hook, sandbox and MCP configs, git's hooks and config, kos's config and state: protected in every strictness, whatever the scope.</summary>
public sealed class GovernancePathsTests
{
    public static TheoryData<string> Governance =>
    [
        .. ProtectedPaths.GovernanceFiles, ".github/hooks/kos.json", ".opencode/plugins/guard.js", ".git/hooks/pre-commit", ".git/config",
        ".agent-os/config.toml", ".agent-os/config.yaml", ".agent-os/state/ledger.db", ".CLAUDE/Settings.json",
    ];

    [Theory]
    [MemberData(nameof(Governance))]
    public void a_governance_path_is_protected(string path) =>
        Assert.NotNull(new ProtectedPaths([]).Why(path));

    [Theory]
    [InlineData("src/.claude/settings.json")]
    [InlineData(".claude/agents/reviewer.md")]
    [InlineData("docs/mcp.json")]
    public void files_that_only_look_alike_are_not(string path) =>
        Assert.Null(new ProtectedPaths([]).Why(path));

    [Theory]
    [InlineData("strict")]
    [InlineData("standard")]
    [InlineData("advisory")]
    public void a_task_scoped_everywhere_still_cannot_write_governance(string strictness)
    {
        using var h = new HookHarness(strictness, "**");
        foreach (var path in new[] { ".claude/settings.json", ".mcp.json", ".codex/hooks.json", ".git/hooks/pre-commit", ".agent-os/config.toml" })
        {
            var r = h.Hook(HookHarness.Payload("Write", new JsonObject { ["file_path"] = h.Repo.PathOf(path), ["content"] = "{}" }, h.Repo.Root));
            Assert.True(HookHarness.Denied(r), $"{path}: {r}");
        }

        Assert.False(HookHarness.Denied(h.Hook(HookHarness.Payload("Write", new JsonObject { ["file_path"] = h.Repo.PathOf("docs/ok.md"), ["content"] = "x" }, h.Repo.Root))));
    }
}
