using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>kos hooks install/uninstall/status on real files: merged, idempotent, backed up, removed exactly.</summary>
[Collection("agents")]
public sealed class HookInstallTests
{
    private const string Mine = """
        {
          "model": "opus",
          "permissions": { "allow": ["Bash(npm test:*)"] },
          "hooks": {
            "PreToolUse": [ { "matcher": "Bash", "hooks": [ { "type": "command", "command": "./scripts/guard.sh", "timeout": 5 } ] } ],
            "Notification": [ { "hooks": [ { "type": "command", "command": "notify-send hi" } ] } ]
          },
          "futureSetting": { "nested": [1, 2, { "x": null }] }
        }
        """;

    [Fact]
    public void install_merges_keeps_everything_of_the_user_and_uninstall_removes_exactly_what_it_added()
    {
        using var repo = new GovernedRepo("claude", "i-1");
        repo.Repo.Write(".claude/settings.json", Mine);
        var file = repo.Repo.PathOf(".claude/settings.json");

        Assert.Equal(0, repo.Install("claude").Code);
        var installed = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal("opus", installed["model"]!.GetValue<string>());
        Assert.Equal("./scripts/guard.sh", installed["hooks"]!["PreToolUse"]![0]!["hooks"]![0]!["command"]!.GetValue<string>());
        Assert.Contains("hook claude pre-tool-use", installed["hooks"]!["PreToolUse"]![1]!["hooks"]![0]!["command"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(installed["hooks"]!["Stop"]);
        // The backup is kos's own state, not an untracked file in the user's tree.
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!, "settings.json.kos-backup-*"));
        Assert.Single(Directory.GetFiles(repo.Repo.PathOf(".agent-os/state/backups/.claude"), "settings.json.kos-backup-*"));

        // Idempotent: nothing changes, no second backup.
        var again = repo.Install("claude");
        Assert.Contains("unchanged", again.Out, StringComparison.Ordinal);
        Assert.Equal(installed.ToJsonString(), JsonNode.Parse(File.ReadAllText(file))!.ToJsonString());

        var status = KosProcess.Run(repo.Root, "hooks", "status");
        Assert.True(status.Code == 0, status.ToString());
        Assert.Contains("ok:", status.Out, StringComparison.Ordinal);

        Assert.Equal(0, KosProcess.Run(repo.Root, "hooks", "uninstall", "--agent", "claude").Code);
        Assert.Equal(JsonNode.Parse(Mine)!.ToJsonString(), JsonNode.Parse(File.ReadAllText(file))!.ToJsonString());
    }

    [Fact]
    public void a_settings_file_with_comments_keeps_them_and_uninstall_gives_back_its_bytes()
    {
        using var repo = new GovernedRepo("gemini", "i-2");
        const string commented = "{\n  // my theme\n  \"theme\": \"dark\",\n}\n";
        repo.Repo.Write(".gemini/settings.json", commented);
        var r = repo.Install("gemini");
        Assert.True(r.Code == 0, r.ToString());
        Assert.StartsWith("{\n  // my theme\n  \"theme\": \"dark\",\n  \"hooks\": {\n", File.ReadAllText(repo.Repo.PathOf(".gemini/settings.json")), StringComparison.Ordinal);
        Assert.Equal(0, KosProcess.Run(repo.Root, "hooks", "uninstall", "--agent", "gemini").Code);
        Assert.Equal(commented, File.ReadAllText(repo.Repo.PathOf(".gemini/settings.json")));
    }

    [Fact]
    public void status_finds_a_hook_that_no_longer_reaches_kos()
    {
        using var repo = new GovernedRepo("codex", "i-3");
        repo.Repo.Write(".codex/hooks.json", """{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"/nonexistent/kos hook codex stop"}]}]}}""");
        var status = KosProcess.Run(repo.Root, "hooks", "status");
        Assert.Equal(1, status.Code);
        Assert.Contains("BROKEN", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_file_kos_created_is_removed_again_on_uninstall()
    {
        using var repo = new GovernedRepo("cursor", "i-4");
        Assert.Equal(0, repo.Install("cursor").Code);
        Assert.True(File.Exists(repo.Repo.PathOf(".cursor/hooks.json")));
        Assert.Equal(0, KosProcess.Run(repo.Root, "hooks", "uninstall", "--agent", "cursor").Code);
        Assert.False(File.Exists(repo.Repo.PathOf(".cursor/hooks.json")));
    }
}
