using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>The real Qwen Code offline against the scripted Chat Completions stand-in, with kos's hooks merged into .qwen/settings.json.</summary>
[Collection("agents")]
public sealed class QwenEndToEndTests
{
    private const string UserSettings = """{"model":{"name":"gpt-4.1"},"ui":{"hideTips":true}}""";

    [Fact]
    public void a_qwen_session_is_governed_end_to_end()
    {
        var session = "qwen-" + Guid.NewGuid().ToString("N")[..8];
        using var repo = new GovernedRepo("qwen", session);
        var home = Home(repo);
        repo.Repo.Write(".qwen/settings.json", UserSettings);
        using var model = new ChatCompletionsStandIn(
        [
            Turn.Call("write_file", new JsonObject { ["file_path"] = repo.Repo.PathOf("src/app.txt"), ["content"] = "hello\n" }),
            Turn.Call("write_file", new JsonObject { ["file_path"] = repo.Repo.PathOf("outside.txt"), ["content"] = "nope\n" }),
            Turn.Call("run_shell_command", new JsonObject { ["command"] = "echo leaked > leak.txt", ["description"] = "write outside scope" }),
            Turn.Say("All done: the tests pass."),
            Turn.Say("Understood; stopping without claiming completion."),
        ]);
        var install = repo.Install("qwen", "project", new Dictionary<string, string> { ["HOME"] = home });
        Assert.True(install.Code == 0, install.ToString());

        var run = Run(repo, home, model, session, Environment.GetEnvironmentVariable("PATH")!);
        Assert.True(run.Code == 0, run.ToString());

        repo.AssertScriptedSessionGoverned(model.AllRequests, run.ToString());

        // Uninstall gives the user's settings back exactly.
        Assert.Equal(0, KosProcess.Run(repo.Root, new Dictionary<string, string> { ["HOME"] = home }, null, "hooks", "uninstall", "--agent", "qwen").Code);
        // (Qwen Code itself stamps the file with its "$version".)
        var after = JsonNode.Parse(File.ReadAllText(repo.Repo.PathOf(".qwen/settings.json")))!.AsObject();
        after.Remove("$version");
        Assert.Equal(JsonNode.Parse(UserSettings)!.ToJsonString(), after.ToJsonString());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("crashing")]
    public void a_kos_that_is_missing_or_crashes_still_blocks_qwen(string how)
    {
        var session = "qwen-" + Guid.NewGuid().ToString("N")[..8];
        using var repo = new GovernedRepo("qwen", session);
        var home = Home(repo);
        using var model = new ChatCompletionsStandIn(
        [
            Turn.Call("write_file", new JsonObject { ["file_path"] = repo.Repo.PathOf("src/app.txt"), ["content"] = "hello\n" }),
            Turn.Say("Done."),
        ]);
        Assert.Equal(0, repo.Install("qwen", "project", new Dictionary<string, string> { ["HOME"] = home }).Code);
        // Crashing: kos dies on the tool check only, so the session gets as far as the write.
        var path = how == "crashing" ? repo.PathWithCrashingKos("pre-tool-use") : KosOnPath.WithoutKos;
        var run = Run(repo, home, model, session, path);
        Assert.True(run.Code == 0, run.ToString());
        Assert.False(File.Exists(repo.Repo.PathOf("src/app.txt")), run.ToString());
        if (how == "crashing")
        {
            Assert.Contains("could not run kos (exit 1", model.AllRequests, StringComparison.Ordinal);
        }
        else
        {
            // Without kos even the prompt hook fails (exit 2): Qwen Code refuses the prompt and never asks the model.
            Assert.DoesNotContain("chat/completions", model.AllRequests, StringComparison.Ordinal);
        }
    }

    private static string Home(GovernedRepo repo)
    {
        repo.Repo.Write(".gitignore", ".home/\n");
        var home = repo.Repo.PathOf(".home");
        Directory.CreateDirectory(Path.Combine(home, ".qwen"));
        File.WriteAllText(Path.Combine(home, ".qwen", "settings.json"), """{"security":{"auth":{"selectedType":"openai"}}}""");
        return home;
    }

    private static ProcessRun Run(GovernedRepo repo, string home, ChatCompletionsStandIn model, string session, string path) =>
        AgentClis.Run(AgentClis.Qwen, repo.Root, new Dictionary<string, string>
        {
            ["HOME"] = home, ["PATH"] = path, ["KOS_SESSION"] = session, ["OPENAI_BASE_URL"] = model.BaseUrl + "/v1", ["OPENAI_API_KEY"] = "test",
            ["OPENAI_MODEL"] = "gpt-4.1",
        }, TimeSpan.FromMinutes(4), "--auth-type", "openai", "--approval-mode", "yolo", "-o", "stream-json", "Write the greeting file.");
}
