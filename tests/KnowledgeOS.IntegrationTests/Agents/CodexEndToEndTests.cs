using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>The real Codex CLI offline against a scripted Responses endpoint, with kos's hooks in $CODEX_HOME/hooks.json.</summary>
[Collection("agents")]
public sealed class CodexEndToEndTests
{
    [Fact]
    public void a_codex_session_is_governed_end_to_end()
    {
        var session = "codex-" + Guid.NewGuid().ToString("N")[..8];
        using var repo = new GovernedRepo("codex", session);
        repo.Repo.Write(".gitignore", ".codex-home/\n");
        var home = repo.Repo.PathOf(".codex-home");
        Directory.CreateDirectory(home);
        using var model = new ResponsesStandIn(
        [
            new Turn(Tool: "apply_patch", Freeform: "*** Begin Patch\n*** Add File: src/app.txt\n+hello\n*** End Patch\n"),
            new Turn(Tool: "apply_patch", Freeform: "*** Begin Patch\n*** Add File: outside.txt\n+nope\n*** End Patch\n"),
            Turn.Call("exec_command", new JsonObject { ["cmd"] = "echo leaked > leak.txt" }),
            Turn.Say("All done: the tests pass."),
            Turn.Say("Understood; stopping without claiming completion."),
        ]);
        model.WriteCodexConfig(home);
        var env = new Dictionary<string, string> { ["CODEX_HOME"] = home, ["FAKE_API_KEY"] = "test", ["KOS_SESSION"] = session, ["HOME"] = home };
        // A person installs the hooks: the agent's KOS_SESSION is not in their environment.
        var install = repo.Install("codex", "user", env.Where(kv => kv.Key != "KOS_SESSION").ToDictionary());
        Assert.True(install.Code == 0, install.ToString());
        Assert.Contains("hook codex pre-tool-use", File.ReadAllText(Path.Combine(home, "hooks.json")), StringComparison.Ordinal);

        var run = AgentClis.Run(AgentClis.Codex, repo.Root, env, TimeSpan.FromMinutes(4),
            "exec", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", "--dangerously-bypass-hook-trust", "Write the greeting file.");
        Assert.True(run.Code == 0, run.ToString());

        Assert.Equal("hello\n", File.ReadAllText(repo.Repo.PathOf("src/app.txt")));
        Assert.False(File.Exists(repo.Repo.PathOf("outside.txt")), run.ToString());
        Assert.Contains(repo.Events("capability.denied"), e => e.Task == repo.Task && e.Payload.Contains("outside.txt", StringComparison.Ordinal));
        Assert.Contains("outside.txt refused", model.AllRequests, StringComparison.Ordinal);
        Assert.Single(repo.Events("scope.violation"), e => e.Payload.Contains("leak.txt", StringComparison.Ordinal));
        // The registry was never synced here, so the shell is recorded as unknown (allowed in standard mode), as capability-event would record it.
        Assert.Contains(repo.Events("capability.unknown"), e => e.Task == repo.Task && e.Payload.Contains("\"capability\":\"shell:bash\"", StringComparison.Ordinal));
        Assert.Single(repo.Events("session.stop-blocked"));
        Assert.Contains("eval-task", model.AllRequests, StringComparison.Ordinal);
        Assert.Contains(repo.Events("session.stopped"), e => e.Payload.Contains("\"stopHookActive\":true", StringComparison.Ordinal));
    }
}
