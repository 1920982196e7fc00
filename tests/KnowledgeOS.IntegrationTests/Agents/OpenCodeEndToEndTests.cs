using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>The real OpenCode offline against the scripted Chat Completions stand-in, governed by kos's plugin in .opencode/plugins/kos.js.</summary>
[Collection("agents")]
public sealed class OpenCodeEndToEndTests
{
    [Fact]
    public void an_opencode_session_is_governed_end_to_end()
    {
        var session = "opencode-" + Guid.NewGuid().ToString("N")[..8];
        using var repo = new GovernedRepo("opencode", session);
        using var model = new ChatCompletionsStandIn(
        [
            Turn.Call("write", new JsonObject { ["filePath"] = repo.Repo.PathOf("src/app.txt"), ["content"] = "hello\n" }),
            Turn.Call("write", new JsonObject { ["filePath"] = repo.Repo.PathOf("outside.txt"), ["content"] = "nope\n" }),
            Turn.Call("bash", new JsonObject { ["command"] = "echo leaked > leak.txt", ["description"] = "write outside scope" }),
            Turn.Say("All done: the tests pass."),
            Turn.Say("Understood; stopping without claiming completion."),
        ]);
        var home = Prepare(repo, model);
        var install = repo.Install("opencode", "project", new Dictionary<string, string> { ["HOME"] = home });
        Assert.True(install.Code == 0, install.ToString());

        var run = Run(repo, home, session, Environment.GetEnvironmentVariable("PATH")!);
        Assert.True(run.Code == 0, run.ToString());

        repo.AssertScriptedSessionGoverned(model.AllRequests, run.ToString());

        Assert.Equal(0, KosProcess.Run(repo.Root, new Dictionary<string, string> { ["HOME"] = home }, null, "hooks", "uninstall", "--agent", "opencode").Code);
        Assert.False(File.Exists(repo.Repo.PathOf(".opencode/plugins/kos.js")));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("crashing")]
    public void a_kos_that_is_missing_or_crashes_still_blocks_opencode(string how)
    {
        var session = "opencode-" + Guid.NewGuid().ToString("N")[..8];
        using var repo = new GovernedRepo("opencode", session);
        using var model = new ChatCompletionsStandIn(
        [
            Turn.Call("write", new JsonObject { ["filePath"] = repo.Repo.PathOf("src/app.txt"), ["content"] = "hello\n" }),
            Turn.Say("Done."),
        ]);
        var home = Prepare(repo, model);
        Assert.Equal(0, repo.Install("opencode", "project", new Dictionary<string, string> { ["HOME"] = home }).Code);

        // Crashing: kos dies on the tool check only, so the session gets as far as the write and the plugin must throw.
        var run = Run(repo, home, session, how == "crashing" ? repo.PathWithCrashingKos("tool-execute-before") : KosOnPath.WithoutKos);
        Assert.False(File.Exists(repo.Repo.PathOf("src/app.txt")), run.ToString());
        if (how == "crashing")
        {
            Assert.Contains("could not run kos (exit 1", model.AllRequests, StringComparison.Ordinal);
        }
        else
        {
            // Without kos the plugin's chat.message check throws too: OpenCode refuses the prompt and never asks the model.
            Assert.DoesNotContain("chat/completions", model.AllRequests, StringComparison.Ordinal);
        }
    }

    private static string Prepare(GovernedRepo repo, ChatCompletionsStandIn model)
    {
        repo.Repo.Write(".gitignore", ".home/\n.opencode/node_modules/\n.opencode/package*.json\n.opencode/.gitignore\n");
        repo.Repo.Write("opencode.json", $$"""
            {"model": "fake/fake-model",
             "provider": {"fake": {"npm": "@ai-sdk/openai-compatible", "name": "fake",
               "options": {"baseURL": "{{model.BaseUrl}}/v1", "apiKey": "test"},
               "models": {"fake-model": {"name": "fake", "tool_call": true} } } } }
            """);
        var home = repo.Repo.PathOf(".home");
        Directory.CreateDirectory(home);
        return home;
    }

    private static ProcessRun Run(GovernedRepo repo, string home, string session, string path) =>
        AgentClis.Run(AgentClis.OpenCode, repo.Root, new Dictionary<string, string>
        {
            // OpenCode takes its project folder from $PWD when set: the test process's own would win over the repository.
            ["HOME"] = home, ["PATH"] = path, ["KOS_SESSION"] = session, ["PWD"] = repo.Root,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, "config"), ["XDG_DATA_HOME"] = Path.Combine(home, "data"),
            ["XDG_CACHE_HOME"] = Path.Combine(home, "cache"), ["XDG_STATE_HOME"] = Path.Combine(home, "state"),
            ["OPENCODE_DISABLE_MODELS_FETCH"] = "1", ["OPENCODE_DISABLE_AUTOUPDATE"] = "1", ["OPENCODE_DISABLE_DEFAULT_PLUGINS"] = "1",
            ["OPENCODE_DISABLE_LSP_DOWNLOAD"] = "1",
        }, TimeSpan.FromMinutes(5), "run", "--format", "json", "Write the greeting file.");
}
