using KnowledgeOS.Testing;
using KnowledgeOS.Testing.MultiAgent;

namespace KnowledgeOS.Tests.MultiAgent;

public sealed class WorktreeChecksTests : IDisposable
{
    private readonly WorktreeRepo _r = new();

    public void Dispose() => _r.Dispose();

    /// <summary>The agent in wt-b writes its own file and, by shell, one in A's area; the violation is recorded.</summary>
    private string AgentBIntrudes()
    {
        var wtB = _r.AddWorktree("wt-b", _r.TaskB, "agent-b");
        var post = WorktreeRepo.Shell(wtB, "claude-b", "echo x > src/b/own.txt; echo y > src/a/intrude.txt", () =>
        {
            WorktreeRepo.Write(wtB, "src/b/own.txt");
            WorktreeRepo.Write(wtB, "src/a/intrude.txt");
        });
        Assert.Contains("src/a/intrude.txt", post.Out + post.Err, StringComparison.Ordinal);
        return wtB;
    }

    [Fact]
    public void completion_from_the_main_tree_refuses_while_the_tasks_worktree_has_an_open_violation()
    {
        var wtB = AgentBIntrudes();

        // From the main tree, where neither file exists: the evals run in wt-b (only there does src/b/own.txt exist).
        var eval = _r.Main.Ok("eval-task", _r.TaskB, "--json");
        Assert.Contains("\"worktree\": \"wt-b\"", _r.Main.Ok("trace", _r.TaskB, "--json").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", eval.Out + eval.Err, StringComparison.Ordinal);
        _r.Main.Ok("report-task", _r.TaskB);
        var refused = _r.Main.Run("complete-task", _r.TaskB);
        Assert.Equal(1, refused.Code);
        Assert.Contains("src/a/intrude.txt", refused.Out + refused.Err, StringComparison.Ordinal);
        Assert.Contains("worktree wt-b", refused.Out + refused.Err, StringComparison.Ordinal);
        Assert.Equal(1, WorktreeRepo.In(wtB).Run("complete-task", _r.TaskB).Code);

        // Undone in wt-b: the evidence is re-taken (the tree changed) and completion passes from the main tree.
        File.Delete(Path.Combine(wtB, "src/a/intrude.txt"));
        Assert.Equal(1, _r.Main.Run("complete-task", _r.TaskB).Code); // stale evidence now
        _r.Main.Ok("eval-task", _r.TaskB);
        Assert.Contains($"CHECKPOINT_OK {_r.TaskB} done", _r.Main.Ok("complete-task", _r.TaskB).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_violation_committed_on_the_worktrees_branch_stays_open()
    {
        var wtB = AgentBIntrudes();
        var git = new TempRepoGit(wtB);
        git.Run("add", "src");
        git.Run("commit", "-qm", "sneak it in", "--no-verify");
        _r.Main.Ok("eval-task", _r.TaskB);
        _r.Main.Ok("report-task", _r.TaskB);
        var refused = _r.Main.Run("complete-task", _r.TaskB);
        Assert.Equal(1, refused.Code);
        Assert.Contains("src/a/intrude.txt", refused.Out + refused.Err, StringComparison.Ordinal);

        git.Run("rm", "-q", "src/a/intrude.txt");
        git.Run("commit", "-qm", "undo it", "--no-verify");
        _r.Main.Ok("eval-task", _r.TaskB);
        _r.Main.Ok("complete-task", _r.TaskB);
    }

    [Fact]
    public void postflight_in_any_tree_names_an_open_violation_of_another_worktree()
    {
        var wtB = AgentBIntrudes();
        foreach (var tree in new[] { _r.Repo.Root, wtB })
        {
            var r = WorktreeRepo.In(tree).Run("postflight");
            Assert.NotEqual(0, r.Code);
            Assert.DoesNotContain("[SYNC_OK]", r.Out, StringComparison.Ordinal);
            Assert.Contains($"[violations] {_r.TaskB} changed src/a/intrude.txt outside its scope", r.Out + r.Err, StringComparison.Ordinal);
        }

        File.Delete(Path.Combine(wtB, "src/a/intrude.txt"));
        Assert.DoesNotContain("[violations]", _r.Main.Run("postflight").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void postflight_reports_changes_no_open_scope_covers_in_another_worktree()
    {
        var wtB = _r.AddWorktree("wt-b", _r.TaskB, "agent-b");
        WorktreeRepo.Write(wtB, "docs/stray.md");
        var r = _r.Main.Run("postflight");
        Assert.Contains("[unattributed] changes outside every open task's scope in worktree wt-b (branch wt-b): docs/stray.md", r.Out + r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_task_record_written_on_another_branch_is_reported_as_not_merged_not_as_missing()
    {
        var wtB = _r.AddWorktree("wt-b", _r.TaskB, "agent-b");
        var kos = WorktreeRepo.In(wtB);
        WorktreeRepo.Write(wtB, "src/b/own.txt");
        kos.Ok("eval-task", _r.TaskB);
        kos.Ok("report-task", _r.TaskB);
        kos.Ok("complete-task", _r.TaskB);
        var git = new TempRepoGit(wtB);
        git.Run("add", "-A");
        git.Run("commit", "-qm", "B done", "--no-verify");

        var r = _r.Main.Run("postflight");
        Assert.DoesNotContain("has no record", r.Out + r.Err, StringComparison.Ordinal);
        Assert.Contains($"{_r.TaskB}'s record is on branch wt-b, not merged into this branch", r.Out + r.Err, StringComparison.Ordinal);
    }
}

/// <summary>git in a given folder (a linked worktree of a <see cref="TempRepo"/>).</summary>
internal sealed class TempRepoGit(string root)
{
    public string Run(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = System.Diagnostics.Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEnd();
        var e = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: {e}");
        return o;
    }
}
