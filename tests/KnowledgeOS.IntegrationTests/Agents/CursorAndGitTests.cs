using System.Diagnostics;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Testing.Agents;

/// <summary>Cursor through payload fixtures (shapes from its hook documentation), and git through a real commit.</summary>
[Collection("agents")]
public sealed class CursorAndGitTests
{
    private static string Fixture(string name, GovernedRepo repo) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Agents", "Fixtures", "cursor", name + ".json"))
            .Replace("ROOT", repo.Root, StringComparison.Ordinal).Replace("SESSION", repo.Session, StringComparison.Ordinal);

    private static ProcessRun Hook(GovernedRepo repo, string eventName) =>
        KosProcess.Run(repo.Root, (IReadOnlyDictionary<string, string>?)null, Fixture(eventName, repo), "hook", "cursor", eventName);

    [Fact]
    public void cursor_shell_writes_outside_scope_are_denied_in_strict_mode()
    {
        using var repo = new GovernedRepo("cursor", "cursor-1", "strict");
        var r = Hook(repo, "beforeShellExecution");
        Assert.Equal(0, r.Code);
        var answer = JsonNode.Parse(r.Out)!;
        Assert.Equal("deny", answer["permission"]!.GetValue<string>());
        Assert.Contains("leak.txt", answer["agent_message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void cursor_mcp_calls_are_recorded_and_edits_outside_scope_become_violations()
    {
        using var repo = new GovernedRepo("cursor", "cursor-2");
        var mcp = Hook(repo, "beforeMCPExecution");
        Assert.Equal("allow", JsonNode.Parse(mcp.Out)!["permission"]!.GetValue<string>());
        Assert.Contains(repo.Events(), e => e.Type.StartsWith("capability.", StringComparison.Ordinal) && e.Task == repo.Task && e.Payload.Contains("mcp:create_issue", StringComparison.Ordinal));

        Assert.Equal(0, KosProcess.Run(repo.Root, (IReadOnlyDictionary<string, string>?)null, "{\"conversation_id\":\"cursor-2\",\"hook_event_name\":\"beforeSubmitPrompt\",\"prompt\":\"go\",\"workspace_roots\":[\"" + repo.Root + "\"]}", "hook", "cursor", "beforeSubmitPrompt").Code);
        File.WriteAllText(repo.Repo.PathOf("outside.txt"), "nope");
        Hook(repo, "afterFileEdit");
        Assert.Single(repo.Events("scope.violation"), e => e.Payload.Contains("outside.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void cursor_stop_without_evidence_asks_for_one_follow_up()
    {
        using var repo = new GovernedRepo("cursor", "cursor-3");
        var r = Hook(repo, "stop");
        Assert.Contains("eval-task", JsonNode.Parse(r.Out)!["followup_message"]!.GetValue<string>(), StringComparison.Ordinal);
        var again = KosProcess.Run(repo.Root, (IReadOnlyDictionary<string, string>?)null, Fixture("stop", repo).Replace("\"loop_count\":0", "\"loop_count\":1", StringComparison.Ordinal), "hook", "cursor", "stop");
        Assert.Equal("", again.Out.Trim());
    }

    [Fact]
    public void a_real_git_commit_is_refused_when_staged_files_fall_outside_the_active_task_scope()
    {
        using var repo = new GovernedRepo("git", "git-1");
        // A hook the user already had: kos chains it instead of overwriting it.
        var hooks = repo.Repo.PathOf(".git/hooks");
        File.WriteAllText(Path.Combine(hooks, "pre-commit"), "#!/bin/sh\necho mine >> \"$(git rev-parse --show-toplevel)/.git/mine-ran\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(hooks, "pre-commit"), (UnixFileMode)0b111_101_101);
        }
        Assert.Equal(0, repo.Install("git").Code);

        repo.Repo.Write("outside.txt", "nope\n");
        repo.Repo.Write("src/app.txt", "hello\n");
        repo.Repo.Git("add", "outside.txt", "src/app.txt");
        var refused = Git(repo.Root, "commit", "-m", "both");
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("outside.txt is outside the scope", refused.Err, StringComparison.Ordinal);
        Assert.Single(repo.Events("commit.refused"));

        repo.Repo.Git("restore", "--staged", "outside.txt");
        var ok = Git(repo.Root, "commit", "-m", "in scope");
        Assert.True(ok.Code == 0, ok.ToString());
        Assert.Equal(2, File.ReadAllLines(repo.Repo.PathOf(".git/mine-ran")).Length);

        Assert.Equal(0, KosProcess.Run(repo.Root, "hooks", "uninstall", "--agent", "git").Code);
        Assert.StartsWith("#!/bin/sh\necho mine", File.ReadAllText(Path.Combine(hooks, "pre-commit")), StringComparison.Ordinal);
    }

    [Fact]
    public void kos_task_naming_a_task_that_is_not_executing_is_ignored_by_the_pre_commit_check()
    {
        using var repo = new GovernedRepo("git", "git-2");
        var done = KosProcess.Ok(repo.Root, "create-task", "Docs", "--quick", "--scope", "docs/**", "--session", "other").FirstLine;
        repo.Repo.Write("src/app.txt", "hello\n");
        KosProcess.Ok(repo.Root, "eval-task", done);
        KosProcess.Ok(repo.Root, "report-task", done);
        KosProcess.Ok(repo.Root, "complete-task", done);
        Assert.Equal(0, repo.Install("git").Code);

        repo.Repo.Write("docs/x.md", "sneaked in\n");
        repo.Repo.Git("add", "docs/x.md");
        var refused = Git(repo.Root, new Dictionary<string, string> { ["KOS_TASK"] = done }, "commit", "-m", "under a done task's scope");

        Assert.NotEqual(0, refused.Code);
        Assert.Contains("docs/x.md is outside the scope of " + repo.Task, refused.Err, StringComparison.Ordinal);
    }

    private static ProcessRun Git(string cwd, params string[] args) => Git(cwd, null, args);

    private static ProcessRun Git(string cwd, Dictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env ?? [])
        {
            psi.Environment[k] = v;
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new ProcessRun(p.ExitCode, output, err.Result);
    }
}
