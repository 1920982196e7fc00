using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Evidence;

public sealed class CompletionGateTests
{
    [Fact]
    public void complete_is_refused_without_evidence()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "hello\n");
        var r = w.Try("complete-task", w.Task);
        Assert.Equal(1, r.Code);
        Assert.Contains("[evidence] no evidence", r.Err, StringComparison.Ordinal);
        Assert.Contains($"kos eval-task {w.Task}", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(" done ", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void complete_is_refused_with_failing_evidence_and_names_the_failure()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "goodbye\n");
        var eval = w.Try("eval-task", w.Task);
        Assert.Equal(1, eval.Code);
        Assert.Contains("FAIL  grep -q hello greeting.txt: exit 1", eval.Out, StringComparison.Ordinal);
        var r = w.Try("complete-task", w.Task);
        Assert.Equal(1, r.Code);
        Assert.Contains("eval 'grep -q hello greeting.txt' failed: exit 1", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void complete_is_refused_when_a_file_changed_after_the_eval_and_names_it()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "hello\n");
        w.Kos("eval-task", w.Task);
        w.Repo.Write("greeting.txt", "hello, world\n");
        w.Repo.Write("notes/new.txt", "untracked files count too\n");
        var r = w.Try("complete-task", w.Task);
        Assert.Equal(1, r.Code);
        Assert.Contains("the evidence is stale", r.Err, StringComparison.Ordinal);
        Assert.Contains("greeting.txt", r.Err, StringComparison.Ordinal);
        Assert.Contains("notes/new.txt", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void complete_lists_every_reason_at_once()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "nope\n");
        w.Try("eval-task", w.Task);
        w.Repo.Write("greeting.txt", "still nope\n");
        var r = w.Try("complete-task", w.Task);
        Assert.Equal(1, r.Code);
        Assert.Contains("failed: exit 1", r.Err, StringComparison.Ordinal);
        Assert.Contains("the evidence is stale", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_timed_out_eval_is_a_failure_with_the_reason_and_complete_is_refused()
    {
        using var w = new WorkedTask(eval: "sleep 30", timeoutSeconds: 1);
        var eval = w.Try("eval-task", w.Task, "--json");
        Assert.Equal(1, eval.Code);
        var result = WorkedTask.Json(eval).GetProperty("results")[0];
        Assert.False(result.GetProperty("passed").GetBoolean());
        Assert.Contains("timed out after", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var r = w.Try("complete-task", w.Task);
        Assert.Equal(1, r.Code);
        Assert.Contains("timed out after", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_command_that_does_not_exist_is_a_failure_not_a_pass()
    {
        using var w = new WorkedTask(eval: "no-such-command-kos-test");
        var eval = w.Try("eval-task", w.Task);
        Assert.Equal(1, eval.Code);
        Assert.Contains("command not found", eval.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void complete_is_accepted_after_a_fresh_passing_eval_and_renders_the_task_record()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "hello\n");
        w.Kos("eval-task", w.Task);
        var done = w.Kos("complete-task", w.Task);
        Assert.Contains($"CHECKPOINT_OK {w.Task} done ", done.Out, StringComparison.Ordinal);
        var record = File.ReadAllText(w.Repo.PathOf($".agent-os/tasks/{w.Task}.md"));
        Assert.Contains("phase: done", record, StringComparison.Ordinal);
        Assert.Contains("R1: A greeting file says hello", record, StringComparison.Ordinal);
        Assert.Contains("| pass | `grep -q hello greeting.txt` |", record, StringComparison.Ordinal);
        Assert.Contains("- `greeting.txt`", record, StringComparison.Ordinal);
        var hash = done.Out.Split(' ', StringSplitOptions.TrimEntries)[^1];
        Assert.Contains("anchor: " + hash, record, StringComparison.Ordinal);
        Assert.Contains("LIFECYCLE_OK", w.Kos("verify-lifecycle", w.Task).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void eval_records_one_event_per_eval_with_hashes_and_the_full_output_on_disk()
    {
        using var w = new WorkedTask(eval: "echo out-line; echo err-line >&2");
        var run = WorkedTask.Json(w.Kos("eval-task", w.Task, "--json"));
        var result = run.GetProperty("results")[0];
        Assert.Equal("out-line\n", result.GetProperty("stdoutTail").GetString());
        Assert.Equal("err-line\n", result.GetProperty("stderrTail").GetString());
        var stdoutFile = w.Repo.PathOf(result.GetProperty("output").GetString() + ".stdout");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(stdoutFile)));
        Assert.Equal(sha, result.GetProperty("stdoutSha256").GetString());
        Assert.Equal(w.Repo.Git("rev-parse", "HEAD"), run.GetProperty("gitHead").GetString());
        var trace = w.Kos("trace", w.Task, "--json").Out;
        Assert.Contains("evidence.recorded", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void the_working_tree_digest_never_touches_the_users_index()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "hello\n");
        var before = File.ReadAllBytes(w.Repo.PathOf(".git/index"));
        w.Kos("eval-task", w.Task);
        Assert.Equal(before, File.ReadAllBytes(w.Repo.PathOf(".git/index")));
        Assert.Contains("?? greeting.txt", w.Repo.Git("status", "--short"), StringComparison.Ordinal);
    }

    [Fact]
    public void an_ignored_file_written_after_the_eval_does_not_make_evidence_stale()
    {
        using var w = new WorkedTask();
        w.Repo.Write(".gitignore", "build/\n");
        w.Repo.Write("greeting.txt", "hello\n");
        w.Kos("eval-task", w.Task);
        w.Repo.Write("build/output.bin", "generated\n");
        w.Kos("complete-task", w.Task);
    }

    [Fact]
    public void evidence_export_writes_an_in_toto_statement_about_the_commit_and_tree()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "hello\n");
        var run = WorkedTask.Json(w.Kos("eval-task", w.Task, "--json"));
        var file = w.Kos("evidence", "export", w.Task).FirstLine;
        Assert.StartsWith($".agent-os/evidence/{w.Task}/", file, StringComparison.Ordinal);
        var statement = System.Text.Json.JsonDocument.Parse(File.ReadAllText(w.Repo.PathOf(file))).RootElement;
        Assert.Equal("https://in-toto.io/Statement/v1", statement.GetProperty("_type").GetString());
        Assert.Equal("https://in-toto.io/attestation/test-result/v0.1", statement.GetProperty("predicateType").GetString());
        Assert.Equal("PASSED", statement.GetProperty("predicate").GetProperty("result").GetString());
        Assert.Equal(run.GetProperty("gitHead").GetString(), statement.GetProperty("subject")[0].GetProperty("digest").GetProperty("gitCommit").GetString());
        Assert.Equal(run.GetProperty("tree").GetString(), statement.GetProperty("subject")[1].GetProperty("digest").GetProperty("gitTree").GetString());
    }
}
