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
}
