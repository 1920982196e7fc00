using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Evidence;

public sealed class EvidenceCommandTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public EvidenceCommandTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private string ExecutingTask(string eval = "test -f a.txt")
    {
        var spec = _kos.Ok("create-spec", "A", "--intent", "An a file.", "--req", "a.txt exists", "--eval", eval).FirstLine;
        var task = _kos.Ok("create-task", "Write a", "--spec", spec, "--req", "R1").FirstLine;
        _kos.Ok("route-task", task, "--scope", "a.txt");
        _kos.Ok("plan-task", task, "--step", "R1: write it");
        _kos.Ok("dispatch-task", task, "--session", "s1");
        return task;
    }

    [Fact]
    public void the_tree_digest_sees_untracked_files_but_not_ignored_ones_or_kos_state()
    {
        var before = _kos.Ok("evidence", "tree").FirstLine;
        _repo.Write(".agent-os/tasks/T-x.md", "kos writes here after evals\n");
        Assert.Equal(before, _kos.Ok("evidence", "tree").FirstLine);
        _repo.Write("new.txt", "untracked\n");
        var withNew = _kos.Ok("evidence", "tree").FirstLine;
        Assert.NotEqual(before, withNew);
        _repo.Write(".gitignore", "*.log\n");
        var withIgnore = _kos.Ok("evidence", "tree").FirstLine;
        _repo.Write("debug.log", "ignored\n");
        Assert.Equal(withIgnore, _kos.Ok("evidence", "tree").FirstLine);
    }

    [Fact]
    public void advisory_mode_completes_without_evidence_and_records_the_warning()
    {
        var config = _repo.PathOf(".agent-os/config.toml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("strictness = \"standard\"", "strictness = \"advisory\"", StringComparison.Ordinal));
        _kos.Ok("accept-governance"); // a person lowered it, on purpose
        var task = ExecutingTask();
        var done = _kos.Ok("complete-task", task);
        Assert.Contains($"CHECKPOINT_OK {task} done", done.Out, StringComparison.Ordinal);
        Assert.Contains("warning: [evidence] no evidence", done.Err, StringComparison.Ordinal);
        var lifecycle = _kos.Ok("verify-lifecycle", task);
        Assert.Contains("passed under advisory with a warning", lifecycle.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void verify_lifecycle_lists_what_is_missing_before_report()
    {
        var task = ExecutingTask();
        var ok = _kos.Ok("verify-lifecycle", task, "--json");
        Assert.Contains("\"ok\": true", ok.Out, StringComparison.Ordinal);
        _repo.Write("a.txt", "a\n");
        _kos.Ok("eval-task", task);
        _kos.Ok("report-task", task);
        Assert.True(File.Exists(_repo.PathOf($".agent-os/tasks/{task}.md")), "report renders the task record for review");
        Assert.Contains("phase: report", File.ReadAllText(_repo.PathOf($".agent-os/tasks/{task}.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void eval_task_refuses_a_task_with_no_evals_and_says_where_to_add_them()
    {
        var task = _kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", "s1").FirstLine;
        var r = _kos.Run("eval-task", task);
        Assert.Equal(2, r.Code);
        Assert.Contains("[evals] default", r.Err, StringComparison.Ordinal);
        var complete = _kos.Run("complete-task", task);
        Assert.Equal(1, complete.Code);
        Assert.Contains("has no evals", complete.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void config_default_evals_run_for_every_task()
    {
        var config = _repo.PathOf(".agent-os/config.toml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("default = []", "default = [\"true\"]", StringComparison.Ordinal));
        var task = _kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", "s1", "--eval", "test -f README.md").FirstLine;
        var r = _kos.Ok("eval-task", task);
        Assert.Contains("PASS  test -f README.md", r.Out, StringComparison.Ordinal);
        Assert.Contains("PASS  true", r.Out, StringComparison.Ordinal);
        Assert.Contains($"CHECKPOINT_OK {task} done", _kos.Ok("complete-task", task).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void an_eval_killed_by_a_signal_is_a_failure_with_the_signal()
    {
        var task = ExecutingTask(eval: "kill -9 $$");
        var r = _kos.Run("eval-task", task);
        Assert.Equal(1, r.Code);
        Assert.Contains("killed by signal 9", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_file_untracked_and_then_ignored_leaves_the_digest()
    {
        _repo.Write("secret.txt", "v1\n");
        _repo.Git("add", "secret.txt");
        _repo.Git("commit", "-qm", "secret");
        var tracked = _kos.Ok("evidence", "tree").FirstLine;
        _repo.Git("rm", "--cached", "-q", "secret.txt");
        _repo.Write(".gitignore", "secret.txt\n");
        var ignored = _kos.Ok("evidence", "tree").FirstLine;
        Assert.NotEqual(tracked, ignored);
        _repo.Write("secret.txt", "v2\n");
        Assert.Equal(ignored, _kos.Ok("evidence", "tree").FirstLine);
    }

    [Fact]
    public void postflight_reports_an_agent_config_that_is_not_valid_json_instead_of_failing()
    {
        Assert.Contains("[SYNC_OK] head ", _kos.Ok("postflight").Out, StringComparison.Ordinal);
        _repo.Write(".claude/settings.json", "{\"hooks\": {");
        var r = _kos.Run("postflight");
        Assert.Equal(1, r.Code);
        Assert.Contains("PROBLEM [hooks] .claude/settings.json is not valid JSON", r.Out, StringComparison.Ordinal);
    }
}
