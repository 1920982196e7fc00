namespace KnowledgeOS.Testing.Agents;

/// <summary><c>kos hooks status</c> never reports Qwen Code or OpenCode hooks as working when the agent will not run them.</summary>
[Collection("agents")]
public sealed class MoreAgentsStatusTests
{
    [Fact]
    public void qwen_hooks_in_an_untrusted_folder_with_folder_trust_on_are_reported_as_not_firing()
    {
        using var repo = new GovernedRepo("qwen", "qw-status");
        var home = repo.Repo.PathOf(".home");
        Directory.CreateDirectory(Path.Combine(home, ".qwen"));
        var env = new Dictionary<string, string> { ["HOME"] = home };
        Assert.Equal(0, repo.Install("qwen", "project", env).Code);
        Assert.Equal(0, KosProcess.Run(repo.Root, env, null, "hooks", "status").Code);

        File.WriteAllText(Path.Combine(home, ".qwen", "settings.json"), """{"security":{"folderTrust":{"enabled":true}}}""");
        var untrusted = KosProcess.Run(repo.Root, env, null, "hooks", "status");
        Assert.True(untrusted.Code == 1, untrusted.ToString());
        Assert.Contains("UNTRUSTED", untrusted.Out, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(home, ".qwen", "trustedFolders.json"), $$"""{"{{repo.Root}}": "TRUST_FOLDER"}""");
        Assert.Equal(0, KosProcess.Run(repo.Root, env, null, "hooks", "status").Code);
    }

    [Fact]
    public void an_opencode_plugin_that_is_turned_off_or_edited_is_reported_as_not_firing()
    {
        using var repo = new GovernedRepo("opencode", "oc-status");
        var env = new Dictionary<string, string> { ["HOME"] = repo.Repo.PathOf(".home") };
        Assert.Equal(0, repo.Install("opencode", "project", env).Code);
        var ok = KosProcess.Run(repo.Root, env, null, "hooks", "status");
        Assert.True(ok.Code == 0, ok.ToString());
        Assert.Contains("opencode (project)", ok.Out, StringComparison.Ordinal);

        var pure = KosProcess.Run(repo.Root, new Dictionary<string, string>(env) { ["OPENCODE_PURE"] = "1" }, null, "hooks", "status");
        Assert.True(pure.Code == 1, pure.ToString());
        Assert.Contains("OPENCODE_PURE", pure.Out, StringComparison.Ordinal);

        var plugin = repo.Repo.PathOf(".opencode/plugins/kos.js");
        File.WriteAllText(plugin, File.ReadAllText(plugin).Replace("if (a.fail) throw new Error(a.fail);", "", StringComparison.Ordinal));
        var edited = KosProcess.Run(repo.Root, env, null, "hooks", "status");
        Assert.True(edited.Code == 1, edited.ToString());
        Assert.Contains("EDITED", edited.Out, StringComparison.Ordinal);

        // A person's own plugin of the same name is never overwritten or removed.
        File.WriteAllText(plugin, "export const Mine = async () => ({});\n");
        Assert.Equal(2, repo.Install("opencode", "project", env).Code);
        Assert.Equal(0, KosProcess.Run(repo.Root, env, null, "hooks", "uninstall", "--agent", "opencode").Code);
        Assert.Equal("export const Mine = async () => ({});\n", File.ReadAllText(plugin));
    }

    [Fact]
    public void installing_for_copilot_keeps_every_other_hook_in_the_file_and_uninstall_gives_it_back()
    {
        using var repo = new GovernedRepo("copilot", "cp-keep");
        var mine = """
            {
              "version": 1,
              "hooks": {
                "preToolUse": [
                  {
                    "type": "command",
                    "bash": "./scripts/audit.sh",
                    "timeoutSec": 5
                  }
                ]
              },
              "owner": "me"
            }

            """;
        repo.Repo.Write(".github/hooks/kos.json", mine);
        var env = new Dictionary<string, string> { ["HOME"] = repo.Repo.PathOf(".home") };
        Assert.Equal(0, repo.Install("copilot", "project", env).Code);
        var merged = File.ReadAllText(repo.Repo.PathOf(".github/hooks/kos.json"));
        Assert.Contains("./scripts/audit.sh", merged, StringComparison.Ordinal);
        Assert.Contains("hook copilot pre-tool-use", merged, StringComparison.Ordinal);
        Assert.Equal(0, KosProcess.Run(repo.Root, env, null, "hooks", "uninstall", "--agent", "copilot").Code);
        Assert.Equal(mine, File.ReadAllText(repo.Repo.PathOf(".github/hooks/kos.json")));
    }
}
