using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Testing.Ledger;

/// <summary>
/// Rewrites of the ledger that keep its chain valid are caught by what lives outside it: the clone's
/// ledger identity and the head anchored at each postflight (.git/kos/anchor and refs/kos/ledger-head).
/// </summary>
[Trait("Category", "LocalLedger")] // tampers with the embedded SQLite file and its local anchors
public sealed class AnchorTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public AnchorTests()
    {
        KosProcess.Ok(_repo.Root, "init");
        for (var i = 0; i < 12; i++)
        {
            KosProcess.Ok(_repo.Root, "note", $"note {i}");
        }

        KosProcess.Run(_repo.Root, "postflight");
    }

    private string Ledger => _repo.PathOf(".agent-os/state/ledger.db");

    private ProcessRun Verify() => KosProcess.Run(_repo.Root, "trace", "verify");

    /// <summary>Folds the WAL into the database file, so the file alone is the whole ledger (as a copy or a backup would be).</summary>
    private static void Checkpoint(string ledger)
    {
        using (var db = new SqliteConnection($"Data Source={ledger};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            cmd.ExecuteNonQuery();
        }

        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(ledger)!, Path.GetFileName(ledger) + "-*"))
        {
            File.Delete(f);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void a_truncated_tail_is_caught(int events)
    {
        Assert.Equal(0, Verify().Code);
        using (var db = new SqliteConnection($"Data Source={Ledger};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"DELETE FROM events WHERE seq > (SELECT MAX(seq) FROM events) - {events}";
            cmd.ExecuteNonQuery();
        }

        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains("truncated", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("[SYNC_OK]", KosProcess.Run(_repo.Root, "postflight").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_rollback_to_an_older_copy_is_caught()
    {
        var copy = Ledger + ".old";
        KosProcess.Ok(_repo.Root, "trace", "verify");
        Checkpoint(Ledger);
        File.Copy(Ledger, copy);
        KosProcess.Ok(_repo.Root, "note", "after the copy");
        KosProcess.Run(_repo.Root, "postflight");
        Checkpoint(Ledger);
        File.Copy(copy, Ledger, overwrite: true);
        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains("rolled back", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_swapped_or_reinitialised_ledger_is_caught_but_a_fresh_clone_is_not_tampering()
    {
        using var other = new TempRepo();
        KosProcess.Ok(other.Root, "init");
        Checkpoint(other.PathOf(".agent-os/state/ledger.db"));
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(Ledger)!, "ledger.db*"))
        {
            File.Delete(f);
        }

        File.Copy(other.PathOf(".agent-os/state/ledger.db"), Ledger);
        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains("not the clone's ledger", r.Out, StringComparison.Ordinal);
        Assert.NotEqual(0, KosProcess.Run(_repo.Root, "init").Code);

        // A teammate's fresh clone starts its own ledger: no identity there yet, so nothing to contradict.
        _repo.Git("add", ".agent-os");
        _repo.Git("commit", "-qm", "kos");
        var clone = Path.Combine(Path.GetTempPath(), "kos-clone-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            _repo.Git("clone", "-q", _repo.Root, clone);
            KosProcess.Ok(clone, "init");
            Assert.StartsWith("TRACE_OK", KosProcess.Ok(clone, "trace", "verify").FirstLine, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(clone, recursive: true);
        }
    }

    [Fact]
    public void a_damaged_page_is_caught_by_the_integrity_check()
    {
        Checkpoint(Ledger);
        var bytes = File.ReadAllBytes(Ledger);
        Assert.True(bytes.Length > 3 * 4096);
        // Scribble over the middle of the second page (a b-tree page), leaving the header intact.
        for (var i = 4096 + 100; i < 4096 + 3000; i++)
        {
            bytes[i] = 0xA5;
        }

        File.WriteAllBytes(Ledger, bytes);
        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.DoesNotContain("TRACE_OK", r.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _repo.Dispose();
}
