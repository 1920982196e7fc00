using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Cli;

public sealed class CompleteWithoutEvalsTests
{
    [Fact]
    public void a_refused_complete_leaves_the_task_in_execute_not_report()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var id = kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "-q").Out.Trim();
        var refused = kos.Run("complete-task", id);
        Assert.Equal(1, refused.Code);
        Assert.Contains("\"phase\": \"execute\"", kos.Ok("show", id, "--json").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("task.reported", kos.Ok("trace", id, "--json").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void an_existing_task_gains_an_eval_and_can_then_complete()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var id = kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "-q").Out.Trim();
        Assert.Equal(1, kos.Run("complete-task").Code);

        var added = kos.Ok("add-eval", "git --version");
        Assert.Contains("kos eval-task " + id, added.Out, StringComparison.Ordinal);
        Assert.Equal(2, kos.Run("add-eval", "git --version").Code); // the same command twice is a mistake
        Assert.Contains("task.eval-added", kos.Ok("trace", id, "--json").Out, StringComparison.Ordinal);
        kos.Ok("eval-task");
        kos.Ok("complete-task");
        Assert.Contains("\"phase\": \"done\"", kos.Ok("show", id, "--json").Out, StringComparison.Ordinal);
        Assert.Equal(1, kos.Run("add-eval", "true", "--task", id).Code); // done: reopen first
    }
}

public sealed class QuickCreateRefusedTests
{
    [Fact]
    public void a_refused_quick_create_leaves_no_task_and_no_event()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        kos.Ok("create-task", "Edit the readme", "--quick", "--scope", "README.md", "-q");
        var before = kos.Ok("trace", "verify").Out;
        var r = kos.Run("create-task", "Also the readme", "--quick", "--scope", "README.md");
        Assert.Equal(1, r.Code);
        Assert.Equal("", r.Out);
        Assert.Contains("no task was created", r.Err, StringComparison.Ordinal);
        Assert.Contains("overlap", r.Err, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Also the readme", kos.Ok("list", "--all").Out, StringComparison.Ordinal);
        Assert.Equal(before, kos.Ok("trace", "verify").Out);
    }
}
