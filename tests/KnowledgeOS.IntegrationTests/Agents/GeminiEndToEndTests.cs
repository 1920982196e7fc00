using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>The real Gemini CLI offline against a scripted Gemini endpoint, with kos's hooks merged into ~/.gemini/settings.json.</summary>
[Collection("agents")]
public sealed class GeminiEndToEndTests
{
    [Fact]
    public void a_gemini_session_is_governed_end_to_end()
    {
        var session = "gemini-" + Guid.NewGuid().ToString("N")[..8];
        using var repo = new GovernedRepo("gemini", session);
        repo.Repo.Write(".gitignore", ".gemini-home/\n");
        var home = repo.Repo.PathOf(".gemini-home");
        Directory.CreateDirectory(Path.Combine(home, ".gemini"));
        var settings = Path.Combine(home, ".gemini", "settings.json");
        File.WriteAllText(settings, """{"security":{"auth":{"selectedType":"gemini-api-key"}}}""");
        using var model = new GeminiStandIn(
        [
            Turn.Call("write_file", new JsonObject { ["file_path"] = "src/app.txt", ["content"] = "hello\n" }),
            Turn.Call("write_file", new JsonObject { ["file_path"] = "outside.txt", ["content"] = "nope\n" }),
            Turn.Call("run_shell_command", new JsonObject { ["command"] = "echo leaked > leak.txt", ["description"] = "write outside scope" }),
            Turn.Say("All done: the tests pass."),
            Turn.Say("Understood; stopping without claiming completion."),
        ]);
        var env = new Dictionary<string, string>
        {
            ["HOME"] = home, ["GEMINI_API_KEY"] = "test", ["GOOGLE_GEMINI_BASE_URL"] = model.BaseUrl, ["KOS_SESSION"] = session,
        };
        // A person installs the hooks: the agent's KOS_SESSION is not in their environment.
        var install = repo.Install("gemini", "user", env.Where(kv => kv.Key != "KOS_SESSION").ToDictionary());
        Assert.True(install.Code == 0, install.ToString());
        var merged = File.ReadAllText(settings);
        Assert.Contains("gemini-api-key", merged, StringComparison.Ordinal);
        Assert.Contains("hook gemini before-tool", merged, StringComparison.Ordinal);

        var run = AgentClis.Run(AgentClis.Gemini, repo.Root, env, TimeSpan.FromMinutes(4), "-p", "Write the greeting file.", "--yolo", "--skip-trust");
        Assert.True(run.Code == 0, run.ToString());

        Assert.Equal("hello\n", File.ReadAllText(repo.Repo.PathOf("src/app.txt")));
        Assert.False(File.Exists(repo.Repo.PathOf("outside.txt")), run.ToString());
        Assert.Contains(repo.Events("capability.denied"), e => e.Task == repo.Task && e.Payload.Contains("outside.txt", StringComparison.Ordinal));
        Assert.Contains("outside.txt refused", model.AllRequests, StringComparison.Ordinal);
        Assert.Single(repo.Events("scope.violation"), e => e.Payload.Contains("leak.txt", StringComparison.Ordinal));
        Assert.Single(repo.Events("session.stop-blocked"));
        Assert.Contains("eval-task", model.AllRequests, StringComparison.Ordinal);

        // Uninstall leaves the user's own settings exactly as they were.
        Assert.Equal(0, KosProcess.Run(repo.Root, env.Where(kv => kv.Key != "KOS_SESSION").ToDictionary(), null, "hooks", "uninstall", "--agent", "gemini", "--scope", "user").Code);
        Assert.Equal("""{"security":{"auth":{"selectedType":"gemini-api-key"}}}""", System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(settings))!.ToJsonString());
    }
}
