using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Cli;

public sealed class DefaultTaskTests
{
    [Fact]
    public void bind_makes_the_task_the_default_of_later_commands()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var a = kos.Ok("create-task", "Fix A", "--quick", "--scope", "a.txt", "-q").Out.Trim();
        var b = kos.Ok("create-task", "Fix B", "--quick", "--scope", "b.txt", "-q").Out.Trim();
        Assert.Equal(2, kos.Run("show").Code); // two open tasks, none bound: which one?

        kos.Ok("bind", a);
        Assert.StartsWith(a + "  Fix A", kos.Ok("show").Out, StringComparison.Ordinal);
        Assert.Contains($"\"task\": \"{a}\"", kos.Ok("context-pack", "--json").Out, StringComparison.Ordinal);
        kos.Ok("block", "--reason", "waiting");
        Assert.Contains("\"phase\": \"blocked\"", kos.Ok("show", a, "--json").Out, StringComparison.Ordinal);
        Assert.Contains("\"phase\": \"execute\"", kos.Ok("show", b, "--json").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_command_without_a_task_acts_on_the_only_open_task()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var id = kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "-q").Out.Trim();
        Assert.StartsWith(id, kos.Ok("show").Out, StringComparison.Ordinal);
        Assert.Contains(id, kos.Ok("release").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void kos_task_in_the_environment_is_the_default()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var a = kos.Ok("create-task", "Fix A", "--quick", "--scope", "a.txt", "-q").Out.Trim();
        kos.Ok("create-task", "Fix B", "--quick", "--scope", "b.txt", "-q");
        var env = new InProcess(repo.Root, env: new Dictionary<string, string> { ["KOS_TASK"] = a });
        Assert.StartsWith(a, env.Ok("show").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void without_a_task_and_several_open_the_error_names_them_and_says_how_to_choose()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var a = kos.Ok("create-task", "Fix A", "--quick", "--scope", "a.txt", "-q").Out.Trim();
        var b = kos.Ok("create-task", "Fix B", "--quick", "--scope", "b.txt", "-q").Out.Trim();
        var r = kos.Run("eval-task");
        Assert.Equal(2, r.Code);
        Assert.Contains("kos eval-task T-…", r.Err, StringComparison.Ordinal);
        Assert.Contains("kos bind", r.Err, StringComparison.Ordinal);
        Assert.Contains(a, r.Err, StringComparison.Ordinal);
        Assert.Contains(b, r.Err, StringComparison.Ordinal);
    }
}
