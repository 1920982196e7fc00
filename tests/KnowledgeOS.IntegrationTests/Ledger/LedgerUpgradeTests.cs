using System.Security.Cryptography;
using KnowledgeOS.Ledger;
using KnowledgeOS.Ledger.Sqlite;
using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Testing.Ledger;

/// <summary>
/// A ledger in the format kos wrote before the compact one (schema version 1: hex text ids and hashes,
/// a stored prev_hash, unique indexes, text payloads) is upgraded in place when kos opens it, and the
/// same chain verifies; tampering after the upgrade is still caught; a broken version-1 chain is left as it was.
/// </summary>
[Trait("Category", "LocalLedger")] // upgrades the embedded SQLite file's format
public sealed class LedgerUpgradeTests : IDisposable
{
    private readonly TempRepo _repo = new();
    private readonly List<LedgerEvent> _written;

    public LedgerUpgradeTests()
    {
        KosProcess.Ok(_repo.Root, "init");
        KosProcess.Ok(_repo.Root, "create-task", "Upgrade me", "--quick", "--scope", "src/**");
        KosProcess.Ok(_repo.Root, "note", "short");
        KosProcess.Ok(_repo.Root, "note", string.Join(' ', Enumerable.Repeat("a long note that compresses well in the compact ledger", 20)));
        KosProcess.Ok(_repo.Root, "note", "after the long one");
        _written = ReadEvents();
        WriteVersion1(_written);
    }

    public void Dispose() => _repo.Dispose();

    private string LedgerPath => _repo.PathOf(".agent-os/state/ledger.db");

    [Fact]
    public void a_version_1_ledger_is_upgraded_in_place_and_its_chain_verifies_to_the_same_head()
    {
        Assert.Equal(1L, UserVersion());

        var r = KosProcess.Run(_repo.Root, "trace", "verify");

        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains($"TRACE_OK {_written.Count} events head {_written[^1].Hash}", r.Out, StringComparison.Ordinal);
        Assert.Contains($"kos: upgraded the ledger's format from 1 to {KnowledgeOS.Ledger.Sqlite.SqliteLedgerStore.SchemaVersion}: {_written.Count} events, " +
                        $"the chain verified before and after to the same head ({_written[^1].Hash[..12]})", r.Err, StringComparison.Ordinal);

        // Said once: the next command finds the ledger in this kos's format.
        Assert.DoesNotContain("upgraded the ledger", KosProcess.Run(_repo.Root, "status").Err, StringComparison.Ordinal);
        Assert.Equal((long)KnowledgeOS.Ledger.Sqlite.SqliteLedgerStore.SchemaVersion, UserVersion());
        Assert.Equal(_written, ReadEvents());
        Assert.Equal("blob", Sql($"SELECT typeof(payload) FROM events WHERE seq = {LongNote.Seq}"));
        Assert.Equal("blob", Sql("SELECT typeof(hash) FROM events WHERE seq = 1"));
        Assert.Equal("0", Sql("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'prev_hash'"));
    }

    [Fact]
    public void tampering_after_the_upgrade_is_caught_in_a_compressed_payload_a_text_payload_and_a_hash()
    {
        KosProcess.Ok(_repo.Root, "status");
        var seq = LongNote.Seq;

        // One byte of the compressed blob flipped (the blob still starts like a compressed payload).
        using (var db = Open())
        {
            using var read = db.CreateCommand();
            read.CommandText = $"SELECT payload FROM events WHERE seq = {seq}";
            var blob = (byte[])read.ExecuteScalar()!;
            blob[blob.Length / 2] ^= 0x5A;
            using var write = db.CreateCommand();
            write.CommandText = $"UPDATE events SET payload = $p WHERE seq = {seq}";
            write.Parameters.AddWithValue("$p", blob);
            write.ExecuteNonQuery();
        }

        AssertBrokenAt(seq);

        WriteVersion1(_written);
        KosProcess.Ok(_repo.Root, "status");
        Sql("UPDATE events SET payload = '{\"text\":\"forged\"}' WHERE seq = 3");
        AssertBrokenAt(3);

        WriteVersion1(_written);
        KosProcess.Ok(_repo.Root, "status");
        Sql("UPDATE events SET hash = randomblob(32) WHERE seq = 2");
        AssertBrokenAt(2);
    }

    [Fact]
    public void a_forged_compressed_payload_that_hashes_right_still_breaks_the_link_to_the_next_event()
    {
        KosProcess.Ok(_repo.Root, "status");
        var seq = LongNote.Seq;
        var forged = LongNote with { Payload = "{\"text\":\"forged\"}" };
        var hash = new EventHasher().Hash(forged);
        using (var db = Open())
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = "UPDATE events SET payload = $p, hash = $h WHERE seq = $s";
            cmd.Parameters.AddWithValue("$p", forged.Payload);
            cmd.Parameters.AddWithValue("$h", Convert.FromHexString(hash));
            cmd.Parameters.AddWithValue("$s", seq);
            cmd.ExecuteNonQuery();
        }

        AssertBrokenAt(seq + 1);
    }

    [Fact]
    public void a_broken_version_1_chain_is_not_upgraded_and_the_file_is_left_as_it_was()
    {
        Sql("UPDATE events SET payload = '{\"text\":\"forged\"}' WHERE seq = 3");
        var before = Digest();

        var r = KosProcess.Run(_repo.Root, "trace", "verify");

        Assert.NotEqual(0, r.Code);
        Assert.Contains("broken at seq 3", r.Err, StringComparison.Ordinal);
        Assert.Contains("has not modified it", r.Err, StringComparison.Ordinal);
        Assert.Equal(before, Digest());
        Assert.Equal(1L, UserVersion());
    }

    private LedgerEvent LongNote => _written.Single(e => e.Payload.Length > 500);

    private void AssertBrokenAt(long seq)
    {
        var r = KosProcess.Run(_repo.Root, "trace", "verify", "--json");
        Assert.Equal(1, r.Code);
        Assert.Contains($"\"firstBadSeq\": {seq}", r.Out, StringComparison.Ordinal);
    }

    private List<LedgerEvent> ReadEvents()
    {
        using var store = StoreFactory.OpenFile(LedgerPath, TimeProvider.System, create: false);
        return store.Events().ToList();
    }

    /// <summary>Rewrites the ledger's events table as version 1 stored them (projections are the same in both versions).</summary>
    private void WriteVersion1(IReadOnlyList<LedgerEvent> events)
    {
        using var db = Open();
        Version1Format.Rewrite(db, events);
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            cmd.ExecuteNonQuery();
        }
    }

    private SqliteConnection Open()
    {
        var db = new SqliteConnection($"Data Source={LedgerPath};Pooling=False");
        db.Open();
        return db;
    }

    private string Sql(string sql)
    {
        using var db = Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private long UserVersion() => long.Parse(Sql("PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);

    private string Digest()
    {
        Sql("PRAGMA wal_checkpoint(TRUNCATE)");
        return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(LedgerPath)));
    }
}
