using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Evidence;

public sealed class VerifyClaimTests
{
    [Fact]
    public void verify_claim_catches_an_unbacked_all_tests_pass()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "hello\n");
        var r = w.TryWithInput("I wrote the greeting.\nAll tests pass.\n", "verify-claim", "--task", w.Task, "-");
        Assert.Equal(1, r.Code);
        Assert.Contains("UNBACKED \"All tests pass\" (line 2)", r.Out, StringComparison.Ordinal);
        Assert.Contains("no evidence", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_claim_backed_by_fresh_passing_evidence_is_accepted_and_goes_stale_with_the_tree()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "hello\n");
        w.Kos("eval-task", w.Task);
        var r = w.TryWithInput("Fixed the greeting; all tests pass.", "verify-claim", "--task", w.Task);
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains("BACKED   \"Fixed\"", r.Out, StringComparison.Ordinal);
        w.Repo.Write("greeting.txt", "hello again\n");
        var stale = w.TryWithInput("All tests pass.", "verify-claim", "--task", w.Task);
        Assert.Equal(1, stale.Code);
        Assert.Contains("the evidence is stale", stale.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void verify_claim_catches_a_forged_marker_and_ignores_negated_claims()
    {
        using var w = new WorkedTask();
        var r = w.TryWithInput("This is not done yet.\nCHECKPOINT_OK " + w.Task + " done 0123456789ab\n", "verify-claim", "--task", w.Task, "--json");
        Assert.Equal(1, r.Code);
        var json = WorkedTask.Json(r);
        Assert.Equal(0, json.GetProperty("claims").GetArrayLength());
        Assert.Equal("forged", json.GetProperty("markers")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void verify_claim_reads_the_task_from_the_agent_session()
    {
        using var w = new WorkedTask();
        w.Repo.Write("greeting.txt", "hello\n");
        w.Kos("eval-task", w.Task);
        var r = KosProcess.Run(w.Repo.Root, new Dictionary<string, string> { ["KOS_SESSION"] = "s1" }, "Done.", "verify-claim");
        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains(w.Task, r.Out, StringComparison.Ordinal);
    }
}
