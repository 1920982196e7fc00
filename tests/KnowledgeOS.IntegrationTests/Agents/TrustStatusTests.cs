using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// Codex and Gemini CLI skip a project's hooks until the project is trusted: <c>kos hooks install</c> warns,
/// <c>kos hooks status</c> never reports such hooks as working, and <c>--trust</c> records the trust the agent reads.
/// The last test runs the real Gemini CLI in a folder trusted that way and sees its hooks fire.
/// </summary>
[Collection("agents")]
public sealed class TrustStatusTests
{
    [Fact]
    public void codex_project_hooks_are_not_reported_as_working_until_the_project_is_trusted_and_the_hooks_reviewed()
    {
        using var repo = new GovernedRepo("codex", "cx-trust");
        var codexHome = repo.Repo.PathOf(".home/.codex");
        Directory.CreateDirectory(codexHome);
        var env = new Dictionary<string, string> { ["HOME"] = repo.Repo.PathOf(".home"), ["CODEX_HOME"] = codexHome };
        File.WriteAllText(Path.Combine(codexHome, "config.toml"), "model = \"gpt-5.5\"\n[features]\nweb_search = true\n");

        var install = repo.Install("codex", "project", env);
        Assert.True(install.Code == 0, install.ToString());
        Assert.Contains("UNTRUSTED", install.Err, StringComparison.Ordinal);
        var untrusted = KosProcess.Run(repo.Root, env, null, "hooks", "status");
        Assert.True(untrusted.Code == 1, untrusted.ToString());
        Assert.Contains("WILL NOT FIRE", untrusted.Out, StringComparison.Ordinal);
        Assert.Contains("--trust", untrusted.Out, StringComparison.Ordinal);

        var trusted = KosProcess.Run(repo.Root, env, null, "hooks", "install", "--agent", "codex", "--trust");
        Assert.True(trusted.Code == 0, trusted.ToString());
        var config = File.ReadAllText(Path.Combine(codexHome, "config.toml"));
        Assert.StartsWith("model = \"gpt-5.5\"\n[features]\nweb_search = true\n", config, StringComparison.Ordinal);
        Assert.Contains($"[projects.\"{repo.Root}\"]\ntrust_level = \"trusted\"", config, StringComparison.Ordinal);

        // Trusted, but no person has reviewed the hooks yet: still not reported as working.
        var unreviewed = KosProcess.Run(repo.Root, env, null, "hooks", "status");
        Assert.True(unreviewed.Code == 1, unreviewed.ToString());
        Assert.Contains("NOT REVIEWED", unreviewed.Out, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(codexHome, "config.toml"), $"\n[hooks.state.\"{repo.Root}/.codex/hooks.json:pre_tool_use:0:0\"]\ntrusted_hash = \"sha256:00\"\n");
        var ok = KosProcess.Run(repo.Root, env, null, "hooks", "status");
        Assert.True(ok.Code == 0, ok.ToString());

        File.WriteAllText(Path.Combine(codexHome, "config.toml"), File.ReadAllText(Path.Combine(codexHome, "config.toml")).Replace("web_search = true", "web_search = true\nhooks = false", StringComparison.Ordinal));
        var off = KosProcess.Run(repo.Root, env, null, "hooks", "status");
        Assert.True(off.Code == 1 && off.Out.Contains("DISABLED", StringComparison.Ordinal), off.ToString());
    }

    [Fact]
    public void gemini_project_hooks_in_an_untrusted_folder_are_reported_as_not_firing_and_fire_once_trusted()
    {
        var session = "gm-trust-" + Guid.NewGuid().ToString("N")[..6];
        using var repo = new GovernedRepo("gemini", session);
        repo.Repo.Write(".gitignore", ".home/\n");
        var home = repo.Repo.PathOf(".home");
        Directory.CreateDirectory(Path.Combine(home, ".gemini"));
        File.WriteAllText(Path.Combine(home, ".gemini", "settings.json"), """{"security":{"auth":{"selectedType":"gemini-api-key"}}}""");
        var person = new Dictionary<string, string> { ["HOME"] = home };

        var install = repo.Install("gemini", "project", person);
        Assert.True(install.Code == 0, install.ToString());
        Assert.Contains("UNTRUSTED", install.Err, StringComparison.Ordinal);
        var untrusted = KosProcess.Run(repo.Root, person, null, "hooks", "status");
        Assert.True(untrusted.Code == 1 && untrusted.Out.Contains("WILL NOT FIRE", StringComparison.Ordinal), untrusted.ToString());

        File.WriteAllText(Path.Combine(home, ".gemini", "trustedFolders.json"), $$"""{"{{repo.Root}}": "DO_NOT_TRUST", "/elsewhere": "TRUST_FOLDER"}""");
        Assert.Contains("DO_NOT_TRUST", KosProcess.Run(repo.Root, person, null, "hooks", "status").Out, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(home, ".gemini", "trustedFolders.json"), """{"/elsewhere": "TRUST_FOLDER"}""");

        var trust = KosProcess.Run(repo.Root, person, null, "hooks", "install", "--agent", "gemini", "--trust");
        Assert.True(trust.Code == 0, trust.ToString());
        var rules = JsonNode.Parse(File.ReadAllText(Path.Combine(home, ".gemini", "trustedFolders.json")))!.AsObject();
        Assert.Equal("TRUST_FOLDER", rules["/elsewhere"]!.GetValue<string>());
        Assert.Equal("TRUST_FOLDER", rules[repo.Root]!.GetValue<string>());
        var ok = KosProcess.Run(repo.Root, person, null, "hooks", "status");
        Assert.True(ok.Code == 0, ok.ToString());

        // The real Gemini CLI, with no trust override in its environment, runs the project's hooks: the out-of-scope write is refused.
        using var model = new GeminiStandIn(
        [
            Turn.Call("write_file", new JsonObject { ["file_path"] = "outside.txt", ["content"] = "nope\n" }),
            Turn.Say("Stopping."),
            Turn.Say("Stopping."),
        ]);
        var env = new Dictionary<string, string>(person) { ["GEMINI_API_KEY"] = "test", ["GOOGLE_GEMINI_BASE_URL"] = model.BaseUrl, ["KOS_SESSION"] = session };
        var run = AgentClis.Run(AgentClis.Gemini, repo.Root, env, TimeSpan.FromMinutes(4), "-p", "Write the file.", "--yolo");
        Assert.False(File.Exists(repo.Repo.PathOf("outside.txt")), run.ToString());
        Assert.Contains(repo.Events("capability.denied"), e => e.Payload.Contains("outside.txt", StringComparison.Ordinal));
    }
}
