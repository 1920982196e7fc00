using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Cli;

public sealed class QuietTests
{
    [Fact]
    public void create_task_quiet_prints_only_the_id_so_a_shell_can_capture_it()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        foreach (var flag in new[] { "-q", "--quiet" })
        {
            var r = kos.Ok("create-task", "Fix typo " + flag, "--quick", "--scope", "docs/" + flag.Trim('-') + ".md", flag);
            Assert.Matches("^T-[0-9a-z]+\n$", r.Out);
            Assert.Equal(r.Out.Trim(), kos.Ok("show", r.Out.Trim(), "--json").Out.Split('"')[3]);
        }
    }

    [Fact]
    public void a_quiet_lifecycle_move_prints_nothing_but_a_refusal_still_reaches_stderr()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        var id = kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "-q").Out.Trim();
        var refused = kos.Run("complete-task", id, "-q");
        Assert.Equal(1, refused.Code);
        Assert.Equal("", refused.Out);
        Assert.Contains("refused", refused.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void every_command_that_creates_or_names_something_prints_only_that_id_when_quiet()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init", "-q");

        string Quiet(string pattern, params string[] args)
        {
            var r = kos.Run([.. args, "-q"]);
            Assert.True(r.Code == 0, $"kos {string.Join(' ', args)} -q\n{r}");
            Assert.Matches(pattern, r.Out);
            return r.Out.TrimEnd('\n');
        }

        var spec = Quiet("^S-[0-9a-z]+\n$", "create-spec", "Greeting", "--intent", "say hi", "--req", "greet");
        Assert.Contains(spec, kos.Ok("specs").Out, StringComparison.Ordinal);
        var task = Quiet("^T-[0-9a-z]+\n$", "create-task", "Greet", "--quick", "--scope", "hi.txt");
        Assert.Equal(task, Quiet("^T-[0-9a-z]+\n$", "add-eval", "test -e hi.txt", "--task", task));
        repo.Write("hi.txt", "hi");
        var run = Quiet("^E-[0-9a-z]+\n$", "eval-task", task);
        Assert.Contains(run, kos.Ok("eval-task", task).Out + kos.Ok("trace", "--json").Out, StringComparison.Ordinal);
        var seq = Quiet("^[0-9]+\n$", "note", "a note", "--task", task);
        Assert.Contains($"\"seq\": {seq},", kos.Ok("trace", "--json").Out, StringComparison.Ordinal);
        Assert.Equal("skill/pdf", Quiet("^skill/pdf\n$", "registry", "add", "pdf", "--kind", "skill"));
        Quiet("^$", "report-task", task);
    }
}
