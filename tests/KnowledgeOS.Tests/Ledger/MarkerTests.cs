using KnowledgeOS.Testing;

namespace KnowledgeOS.Tests.Ledger;

public sealed class MarkerTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public MarkerTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void a_real_checkpoint_marker_is_valid_and_says_what_it_attests()
    {
        var created = _kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", "s1");
        var marker = created.Out.Split('\n').First(l => l.Contains(" plan ", StringComparison.Ordinal));
        var r = _kos.Ok("verify-marker", marker);
        Assert.StartsWith("VALID:", r.Out, StringComparison.Ordinal);
        Assert.Contains("entered phase plan", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_made_up_marker_is_reported_as_forged()
    {
        var task = _kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", "s1").FirstLine;
        var r = _kos.Run("verify-marker", $"CHECKPOINT_OK {task} done 0123456789ab");
        Assert.Equal(1, r.Code);
        Assert.StartsWith("FORGED:", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_real_hash_quoted_for_another_phase_is_forged()
    {
        var created = _kos.Ok("create-task", "Fix typo", "--quick", "--scope", "README.md", "--session", "s1");
        var planLine = created.Out.Split('\n').First(l => l.Contains(" plan ", StringComparison.Ordinal));
        var r = _kos.Run("verify-marker", planLine.Replace(" plan ", " done ", StringComparison.Ordinal));
        Assert.Equal(1, r.Code);
        Assert.StartsWith("FORGED:", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_trace_ok_marker_is_checked_against_the_event_at_that_count()
    {
        var line = _kos.Ok("trace", "verify").FirstLine;
        Assert.StartsWith("VALID:", _kos.Ok("verify-marker", line).Out, StringComparison.Ordinal);
        Assert.Equal(1, _kos.Run("verify-marker", line.Replace("TRACE_OK 1 ", "TRACE_OK 7 ", StringComparison.Ordinal)).Code);
    }
}
