using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>The real GitHub Copilot CLI offline against the scripted Chat Completions stand-in, with kos's hooks in .github/hooks/kos.json.</summary>
[Collection("agents")]
public sealed class CopilotEndToEndTests
{
    [Fact]
    public void a_copilot_session_in_a_trusted_folder_is_governed_end_to_end()
    {
        var session = "copilot-" + Guid.NewGuid().ToString("N")[..8];
        using var repo = new GovernedRepo("copilot", session);
        repo.Repo.Write(".gitignore", ".home/\n");
        repo.Repo.Write("src/.keep", "");
        var home = repo.Repo.PathOf(".home");
        Directory.CreateDirectory(home);
        using var model = new ChatCompletionsStandIn(
        [
            Turn.Call("create", new JsonObject { ["path"] = repo.Repo.PathOf("src/app.txt"), ["file_text"] = "hello\n" }),
            Turn.Call("create", new JsonObject { ["path"] = repo.Repo.PathOf("outside.txt"), ["file_text"] = "nope\n" }),
            Turn.Call("bash", new JsonObject { ["command"] = "echo leaked > leak.txt", ["description"] = "write outside scope" }),
            Turn.Say("All done: the tests pass."),
            Turn.Say("Understood; stopping without claiming completion."),
        ]);
        var install = repo.Install("copilot", "project", new Dictionary<string, string> { ["HOME"] = home });
        Assert.True(install.Code == 0, install.ToString());
        Assert.Contains("hook copilot pre-tool-use", File.ReadAllText(repo.Repo.PathOf(".github/hooks/kos.json")), StringComparison.Ordinal);

        var run = AgentClis.Run(AgentClis.Copilot, repo.Root, Env(home, model, session), TimeSpan.FromMinutes(4),
            "-p", "Write the greeting file.", "--allow-all-tools", "--no-auto-update", "--output-format", "json", "--trust-folder");
        Assert.True(run.Code == 0, run.ToString());

        repo.AssertScriptedSessionGoverned(model.AllRequests, run.ToString());
        Assert.All(repo.Events("capability.used"), e => Assert.StartsWith("agent:copilot/", e.Actor, StringComparison.Ordinal));
    }

    [Fact]
    public void hooks_status_reports_copilot_hooks_in_an_untrusted_folder_as_not_firing()
    {
        using var repo = new GovernedRepo("copilot", "copilot-status");
        var home = repo.Repo.PathOf(".home");
        Directory.CreateDirectory(Path.Combine(home, ".copilot"));
        var env = new Dictionary<string, string> { ["HOME"] = home, ["COPILOT_ALLOW_ALL"] = "" };
        Assert.Equal(0, repo.Install("copilot", "project", env).Code);

        var untrusted = KosProcess.Run(repo.Root, env, null, "hooks", "status");
        Assert.True(untrusted.Code == 1, untrusted.ToString());
        Assert.Contains("UNTRUSTED", untrusted.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("  ok:", untrusted.Out, StringComparison.Ordinal);

        // Trust recorded the way Copilot records it (its config.json, with its comment header) makes the same hooks ok.
        File.WriteAllText(Path.Combine(home, ".copilot", "config.json"),
            $"// User settings belong in settings.json.\n// This file is managed automatically.\n{{\n  \"trustedFolders\": [\"{repo.Root}\"]\n}}\n");
        var trusted = KosProcess.Run(repo.Root, env, null, "hooks", "status");
        Assert.True(trusted.Code == 0, trusted.ToString());
        Assert.Contains("ok:", trusted.Out, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string> Env(string home, ChatCompletionsStandIn model, string session) => new()
    {
        ["HOME"] = home, ["KOS_SESSION"] = session, ["COPILOT_OFFLINE"] = "true", ["COPILOT_PROVIDER_BASE_URL"] = model.BaseUrl + "/v1",
        ["COPILOT_PROVIDER_API_KEY"] = "kos-test-provider-key-5f0c2a9e7b3d41c8", ["COPILOT_MODEL"] = "gpt-4.1",
    };
}
