using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Scopes;

public sealed class CheckRouteWriteTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public CheckRouteWriteTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void allowed_exits_0_and_denied_exits_4_with_reason_and_owner_per_path()
    {
        var a = _kos.Ok("create-task", "A", "--quick", "--scope", "src/a/**", "--session", "s1").FirstLine;
        var b = _kos.Ok("create-task", "B", "--quick", "--scope", "src/b/**", "--session", "s2").FirstLine;
        Assert.Equal(0, _kos.Run("check-route-write", "src/a/x.ts", "--session", "s1").Code);
        var r = _kos.Run("check-route-write", "src/a/x.ts", "src/b/y.ts", "lib/z.ts", "--session", "s1", "--json");
        Assert.Equal(4, r.Code);
        Assert.Contains("\"code\": \"allowed\"", r.Out, StringComparison.Ordinal);
        Assert.Contains("\"code\": \"owned-by-other-task\"", r.Out, StringComparison.Ordinal);
        Assert.Contains($"\"owner\": \"{b}\"", r.Out, StringComparison.Ordinal);
        Assert.Contains("\"code\": \"out-of-scope\"", r.Out, StringComparison.Ordinal);
        Assert.Contains($"\"task\": \"{a}\"", r.Out, StringComparison.Ordinal);
        Assert.Contains("write.denied", _kos.Ok("trace", a).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void without_a_task_or_session_a_write_is_denied_with_how_to_bind_one()
    {
        _kos.Ok("create-task", "A", "--quick", "--scope", "src/a/**", "--session", "s1");
        var r = _kos.Run("check-route-write", "docs/x.md");
        Assert.Equal(4, r.Code);
        Assert.Contains("no active task", r.Out, StringComparison.Ordinal);
        Assert.Contains("kos bind", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void the_task_and_session_come_from_the_environment()
    {
        var a = _kos.Ok("create-task", "A", "--quick", "--scope", "src/a/**", "--session", "s1").FirstLine;
        Assert.Equal(0, new InProcess(_repo.Root, env: new Dictionary<string, string> { ["KOS_SESSION"] = "s1" }).Run("check-route-write", "src/a/x").Code);
        Assert.Equal(0, new InProcess(_repo.Root, env: new Dictionary<string, string> { ["KOS_TASK"] = a }).Run("check-route-write", "src/a/x").Code);
        Assert.Equal(4, new InProcess(_repo.Root, env: new Dictionary<string, string> { ["KOS_SESSION"] = "s9" }).Run("check-route-write", "src/a/x").Code);
    }

    [Fact]
    public void a_task_not_yet_dispatched_may_not_write()
    {
        var spec = _kos.Ok("create-spec", "S", "--intent", "i", "--req", "r").FirstLine;
        var t = _kos.Ok("create-task", "T", "--spec", spec, "--req", "R1").FirstLine;
        _kos.Ok("route-task", t, "--scope", "src/**");
        var r = _kos.Run("check-route-write", "src/x.ts", "--task", t);
        Assert.Equal(4, r.Code);
        Assert.Contains("not execute", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void each_git_worktree_bound_to_its_own_task_writes_only_its_own_scope()
    {
        var a = _kos.Ok("create-task", "A", "--quick", "--scope", "src/a/**", "--session", "agent-a").FirstLine;
        var b = _kos.Ok("create-task", "B", "--quick", "--scope", "src/b/**", "--session", "agent-b").FirstLine;
        // .agent-os/ (config, specs) is committed, so every worktree sees it; the ledger is shared.
        _repo.Git("add", ".agent-os");
        _repo.Git("commit", "-qm", "kos");
        var wtA = _repo.Root + "-wt-a";
        var wtB = _repo.Root + "-wt-b";
        _repo.Git("worktree", "add", "-q", wtA);
        _repo.Git("worktree", "add", "-q", wtB);
        try
        {
            new InProcess(wtA).Ok("bind", a);
            new InProcess(wtB).Ok("bind", b);
            Assert.Equal(0, new InProcess(wtA).Run("check-route-write", "src/a/x.ts").Code);
            Assert.Equal(4, new InProcess(wtA).Run("check-route-write", "src/b/x.ts").Code);
            Assert.Equal(0, new InProcess(wtB).Run("check-route-write", "src/b/x.ts").Code);
            Assert.Contains(b, new InProcess(wtB).Ok("bind").Out, StringComparison.Ordinal);
            // The main work tree is not bound: it has no active task.
            Assert.Equal(4, _kos.Run("check-route-write", "src/a/x.ts").Code);
            new InProcess(wtA).Ok("bind", "--clear");
            Assert.Equal(4, new InProcess(wtA).Run("check-route-write", "src/a/x.ts").Code);
        }
        finally
        {
            _repo.Git("worktree", "remove", "--force", wtA);
            _repo.Git("worktree", "remove", "--force", wtB);
        }
    }

    [Fact]
    public void advisory_mode_allows_out_of_scope_writes_but_records_them_and_still_protects_secrets()
    {
        File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), "strictness = \"advisory\"\n");
        var a = _kos.Ok("create-task", "A", "--quick", "--scope", "src/a/**", "--session", "s1").FirstLine;
        var r = _kos.Ok("check-route-write", "lib/x.ts", "--session", "s1");
        Assert.Contains("advisory:", r.Out, StringComparison.Ordinal);
        Assert.Contains("write.warned", _kos.Ok("trace", a).Out, StringComparison.Ordinal);
        Assert.Equal(4, _kos.Run("check-route-write", ".env", "--session", "s1").Code);
    }

    [Fact]
    public void configured_protected_patterns_are_denied()
    {
        File.WriteAllText(_repo.PathOf(".agent-os/config.toml"), "[paths]\nprotected = [\"secrets/**\", \"*.tfstate\"]\n");
        _kos.Ok("create-task", "All", "--quick", "--scope", "**", "--session", "s1");
        Assert.Equal(4, _kos.Run("check-route-write", "secrets/db.txt", "--session", "s1").Code);
        Assert.Equal(4, _kos.Run("check-route-write", "infra/prod.TFSTATE", "--session", "s1").Code);
        Assert.Equal(0, _kos.Run("check-route-write", "infra/main.tf", "--session", "s1").Code);
    }
}
