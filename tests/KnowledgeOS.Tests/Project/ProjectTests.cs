using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Project;

public sealed class ProjectTests
{
    [Fact]
    public void init_outside_a_git_repository_stops_with_a_clear_message()
    {
        using var dir = new TempRepo(init: false);
        var r = new InProcess(dir.Root).Run("init");
        Assert.Equal(3, r.Code);
        Assert.Contains("not inside a git repository", r.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.PathOf(".agent-os")));
    }

    [Fact]
    public void init_that_fails_to_create_the_ledger_leaves_no_half_made_agent_os()
    {
        using var repo = new TempRepo();
        // A folder where the ledger file must go: SQLite cannot create it, so init fails part-way.
        Directory.CreateDirectory(repo.PathOf(".agent-os/state/ledger.db"));
        var r = new InProcess(repo.Root).Run("init");
        Assert.NotEqual(0, r.Code);
        Assert.False(File.Exists(repo.PathOf(".agent-os/config.toml")), "config.toml left behind by a failed init");
        Assert.False(Directory.Exists(repo.PathOf(".agent-os/specs")), "specs/ left behind by a failed init");
        Assert.False(File.Exists(repo.PathOf(".agent-os/.gitignore")), ".gitignore left behind by a failed init");
        Assert.True(Directory.Exists(repo.PathOf(".agent-os/state/ledger.db")), "init removed a folder it did not make");

        Directory.Delete(repo.PathOf(".agent-os"), recursive: true);
        new InProcess(repo.Root).Ok("init");
        Assert.True(File.Exists(repo.PathOf(".agent-os/config.toml")));
    }

    [Fact]
    public void a_command_before_init_says_to_run_init()
    {
        using var repo = new TempRepo();
        var r = new InProcess(repo.Root).Run("list");
        Assert.Equal(3, r.Code);
        Assert.Contains("Run 'kos init'", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void init_is_idempotent_and_keeps_a_hand_edited_config()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        File.WriteAllText(repo.PathOf(".agent-os/config.toml"), "# mine\nstrictness = \"strict\"\n");
        var again = kos.Ok("init");
        Assert.Contains("already initialised", again.Out, StringComparison.Ordinal);
        Assert.Equal("# mine\nstrictness = \"strict\"\n", File.ReadAllText(repo.PathOf(".agent-os/config.toml")));
        Assert.StartsWith("TRACE_OK 1 events", kos.Ok("trace", "verify").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void the_state_folder_is_gitignored()
    {
        using var repo = new TempRepo();
        new InProcess(repo.Root).Ok("init");
        Assert.Equal("", repo.Git("status", "--porcelain", "--", ".agent-os/state"));
    }

    [Fact]
    public void a_linked_worktree_shares_the_main_worktrees_ledger()
    {
        using var repo = new TempRepo();
        var kos = new InProcess(repo.Root);
        kos.Ok("init");
        repo.Git("add", ".agent-os");
        repo.Git("commit", "-qm", "kos");
        var wt = repo.Root + "-wt";
        repo.Git("worktree", "add", "-q", wt);
        try
        {
            var other = new InProcess(wt);
            other.Ok("note", "from the worktree");
            Assert.StartsWith("TRACE_OK 2 events", kos.Ok("trace", "verify").Out, StringComparison.Ordinal);
        }
        finally
        {
            repo.Git("worktree", "remove", "--force", wt);
        }
    }
}
