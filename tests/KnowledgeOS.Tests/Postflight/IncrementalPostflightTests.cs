using KnowledgeOS.Events;
using KnowledgeOS.Postflight;
using KnowledgeOS.Project;
using KnowledgeOS.Testing;
using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Tests.Postflight;

/// <summary>
/// A clean postflight records a checkpoint; the next one re-verifies only the events after it (plus an
/// audited stretch of older ones); --full, a small ledger or a contradicted checkpoint verify everything.
/// </summary>
public sealed class IncrementalPostflightTests : IDisposable
{
    // Small enough that these ledgers count as large: only the events since the checkpoint plus 5 audited ones.
    private static readonly ChainPolicy Partial = new(FullBelow: 10, AuditEvents: 5);
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public IncrementalPostflightTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private string Ledger => KosProject.Locate(_repo.Root).LedgerPath;

    [Fact]
    public void a_clean_postflight_records_an_anchored_checkpoint_and_the_next_verifies_only_what_followed()
    {
        Notes(40);
        var (first, at) = Run(full: false);
        Assert.True(first.Ok, string.Join("; ", first.Problems));
        Assert.Equal("full", first.Chain!.Mode);
        Assert.StartsWith($"{at.Seq} {at.Hash} ", File.ReadAllText(PostflightCheckpoint.AnchorPath(KosProject.Locate(_repo.Root))), StringComparison.Ordinal);

        Notes(7);
        var (second, _) = Run(full: false);
        Assert.True(second.Ok, string.Join("; ", second.Problems));
        Assert.Equal(new ChainCheck("incremental", 7, at.Seq, second.Chain!.AuditFrom, second.Chain.AuditTo), second.Chain);
        Assert.Equal(4, second.Chain.AuditTo - second.Chain.AuditFrom);

        var (full, _) = Run(full: true);
        Assert.Equal("full", full.Chain!.Mode);
        Assert.True(full.Chain.Events > 47);
    }

    [Fact]
    public void an_event_altered_after_the_checkpoint_fails_the_incremental_postflight()
    {
        Notes(30);
        var (_, at) = Run(full: false);
        Notes(5);
        Sql($"UPDATE events SET payload = '{{\"text\":\"forged\"}}' WHERE seq = {at.Seq + 3}");

        var (report, _) = Run(full: false);
        Assert.False(report.Ok);
        Assert.Equal("incremental", report.Chain!.Mode);
        Assert.Contains(report.Problems, p => p.Check == "ledger" && p.Message.Contains($"seq {at.Seq + 3}", StringComparison.Ordinal));
    }

    [Fact]
    public void an_event_altered_before_the_checkpoint_is_caught_by_full_and_on_a_small_ledger_by_default()
    {
        Notes(30);
        Run(full: false);
        Notes(5);
        Sql("UPDATE events SET payload = '{\"text\":\"forged\"}' WHERE seq = 12");

        Assert.Contains(Run(full: true).Report.Problems, p => p.Check == "ledger" && p.Message.Contains("seq 12", StringComparison.Ordinal));

        // Through the CLI with the default policy this ledger is small: every postflight verifies it whole.
        var r = _kos.Run("postflight");
        Assert.Equal(1, r.Code);
        Assert.Contains("seq 12", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_checkpoint_whose_event_no_longer_has_its_hash_falls_back_to_the_full_check()
    {
        Notes(30);
        var (_, at) = Run(full: false);
        Notes(3);
        Sql($"UPDATE records SET value = replace(value, '{at.Hash}', '{new string('0', 64)}') WHERE kind = 'postflight'");

        var (report, _) = Run(full: false);
        Assert.Equal("full", report.Chain!.Mode);
        Assert.Contains(report.Notes, n => n.Contains("re-verified", StringComparison.Ordinal));
    }

    [Fact]
    public void a_checkpoint_moved_inside_the_ledger_without_its_anchor_does_not_skip_a_forged_event()
    {
        Notes(30);
        var (_, at) = Run(full: false);
        Notes(6);
        Sql($"UPDATE events SET payload = '{{\"text\":\"forged\"}}' WHERE seq = {at.Seq + 2}");

        // Point the ledger's checkpoint at the head, past the forged event, as an agent with the database could.
        using (var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", null))
        {
            var head = k.Store.Head()!;
            Sql($"UPDATE records SET value = replace(replace(value, '{at.Hash}', '{head.Hash}'), '\"seq\":{at.Seq},', '\"seq\":{head.Seq},') WHERE kind = 'postflight'");
            Assert.Equal(head.Seq, PostflightCheckpoint.Read(k.Store)!.Seq);
        }

        var (report, _) = Run(full: false);
        Assert.Equal("full", report.Chain!.Mode);
        Assert.Contains(report.Notes, n => n.Contains("disagrees", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Check == "ledger" && p.Message.Contains($"seq {at.Seq + 2}", StringComparison.Ordinal));
    }

    [Fact]
    public void trace_verify_since_checkpoint_needs_a_checkpoint_anchored_outside_the_ledger()
    {
        Notes(5);
        var none = _kos.Run("trace", "verify", "--since-checkpoint");
        Assert.Equal(1, none.Code);
        Assert.Contains("no checkpoint", none.Err, StringComparison.Ordinal);

        var cp = _kos.Ok("postflight", "--json");
        Notes(4);
        var ok = _kos.Ok("trace", "verify", "--since-checkpoint");
        Assert.Contains("since checkpoint", ok.Out, StringComparison.Ordinal);
        var head = KosProject.Locate(_repo.Root);
        Assert.StartsWith("TRACE_OK", ok.Out, StringComparison.Ordinal);

        // An agent that edits the checkpoint inside the ledger (to skip a forged event) no longer matches the anchor.
        var anchor = PostflightCheckpoint.AnchorPath(head);
        var line = File.ReadAllText(anchor);
        File.WriteAllText(anchor, "3 " + line.Split(' ')[1]);
        var moved = _kos.Run("trace", "verify", "--since-checkpoint");
        Assert.Equal(1, moved.Code);
        Assert.Contains("disagrees", moved.Err, StringComparison.Ordinal);

        File.Delete(anchor);
        var gone = _kos.Run("trace", "verify", "--since-checkpoint");
        Assert.Equal(1, gone.Code);
        Assert.Contains("not anchored", gone.Err, StringComparison.Ordinal);

        File.WriteAllText(anchor, line);
        var seq = long.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Sql($"UPDATE events SET payload = '{{\"text\":\"forged\"}}' WHERE seq = {seq + 2}");
        var broken = _kos.Run("trace", "verify", "--since-checkpoint");
        Assert.Equal(1, broken.Code);
        Assert.Contains($"TRACE_BROKEN at seq {seq + 2}", broken.Out, StringComparison.Ordinal);
    }

    private (PostflightReport Report, KnowledgeOS.Ledger.LedgerEvent Event) Run(bool full)
    {
        using var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", null);
        return k.Postflight.Run(_ => null, full, Partial);
    }

    private void Notes(int n)
    {
        using var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", null);
        for (var i = 0; i < n; i++)
        {
            k.Store.Write(w => k.Append(w, EventCatalog.Note, null, new NoteRecorded($"note {i}")));
        }
    }

    private void Sql(string sql)
    {
        using var c = new SqliteConnection($"Data Source={Ledger};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }
}
