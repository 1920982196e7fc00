using KnowledgeOS.Ledger;
using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Tests.Ledger;

/// <summary>
/// The compact SQLite ledger read back and verified: values that fit the binary encodings and values that
/// do not come back byte for byte, and a chain long enough to be verified as one stretch per core, tampered
/// at a stretch's first event, in the middle of a later stretch, and with a compressed payload replaced.
/// </summary>
public sealed class CompactLedgerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kos-compact-").FullName;

    private string Path => System.IO.Path.Combine(_dir, "ledger.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(951782400000L)] // 2000-02-29
    [InlineData(1796083199999L)] // the last millisecond of 2026
    [InlineData(-62135596800000L)] // 0001-01-01, the first time a DateTime holds
    [InlineData(253402300799999L)] // 9999-12-31T23:59:59.999
    [InlineData(-1L)]
    public void a_stored_millisecond_time_is_written_as_the_text_the_time_format_gives(long ms)
    {
        Span<byte> into = stackalloc byte[32];
        var n = KnowledgeOS.Ledger.Sqlite.Compact.FormatTime(ms, into);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            System.Text.Encoding.ASCII.GetString(into[..n]));
    }

    [Fact]
    public void random_stored_times_are_written_as_the_text_the_time_format_gives()
    {
        var random = new Random(16);
        Span<byte> into = stackalloc byte[32];
        for (var i = 0; i < 10_000; i++)
        {
            var ms = random.NextInt64(-62135596800000L, 253402300800000L);
            var n = KnowledgeOS.Ledger.Sqlite.Compact.FormatTime(ms, into);
            Assert.Equal(KnowledgeOS.Ledger.Sqlite.Compact.FormatTime(ms), System.Text.Encoding.ASCII.GetString(into[..n]));
        }
    }

    [Fact]
    public void events_read_back_exactly_whether_or_not_they_fit_the_binary_encodings()
    {
        var big = "{\"text\":\"" + string.Concat(Enumerable.Repeat("compressible text ", 40)) + "\"}";
        using (var store = StoreFactory.OpenFile(Path, TimeProvider.System, create: true))
        {
            store.Write(w =>
            {
                w.Append(new NewEvent("note", null, "user:x", null, "{\"text\":\"small\"}"));
                w.Append(new NewEvent("note", "T-1", "agent:claude/s", "s\u00e9ssion", big));
                return 0;
            });
            var written = store.Events().ToList();
            var odd = written[^1] with { Seq = 3, Id = "NOT-HEX-ID", Time = "2026-11-30 not kos's format", PrevHash = written[^1].Hash };
            odd = odd with { Hash = new EventHasher().Hash(odd) };
            ((LedgerStore)store).Engine.Transact(tx =>
            {
                tx.Insert(odd);
                return 0;
            });

            Assert.Equal([.. written, odd], store.Events().ToList());
            var report = store.Verify();
            Assert.True(report.Ok, report.Problem);
            Assert.Equal(odd.Hash, report.HeadHash);
        }

        Assert.Equal("blob", Sql("SELECT typeof(payload) FROM events WHERE seq = 2"));
        Assert.Equal("text", Sql("SELECT typeof(payload) FROM events WHERE seq = 1"));
        Assert.Equal("integer", Sql("SELECT typeof(time) FROM events WHERE seq = 1"));
        Assert.Equal("text", Sql("SELECT typeof(time) FROM events WHERE seq = 3"));
        Assert.Equal("16", Sql("SELECT length(id) FROM events WHERE seq = 1"));
    }

    [Fact]
    public void an_event_that_does_not_link_to_the_head_is_refused()
    {
        using var store = StoreFactory.OpenFile(Path, TimeProvider.System, create: true);
        var first = store.Write(w => w.Append(new NewEvent("note", null, "user:x", null, "{}")));
        var forked = first with { Seq = 2, PrevHash = new string('1', 64) };
        Assert.ThrowsAny<Exception>(() => store.Engine.Transact(tx =>
        {
            tx.Insert(forked);
            return 0;
        }));
        Assert.Equal(1, store.Head()!.Seq);
    }

    [Theory]
    [InlineData("seam")]
    [InlineData("later")]
    [InlineData("blob")]
    public void a_long_chain_verified_in_stretches_names_the_first_altered_event(string where)
    {
        const int events = 45_000;
        using (var store = StoreFactory.OpenFile(Path, TimeProvider.System, create: true))
        {
            store.Write(w =>
            {
                for (var i = 0; i < events; i++)
                {
                    w.Append(new NewEvent("note", $"T-{i % 7}", "user:x", "s", i % 3 == 0
                        ? "{\"text\":\"" + string.Concat(Enumerable.Repeat($"line {i} ", 40)) + "\"}"
                        : $"{{\"text\":\"event {i}\"}}"));
                }

                return 0;
            });
            Assert.True(store.Verify().Ok);
        }

        var stretch = (events + Math.Max(1, Math.Min(events / 20_000, Environment.ProcessorCount)) - 1) / Math.Max(1, Math.Min(events / 20_000, Environment.ProcessorCount));
        var seq = where switch
        {
            "seam" => stretch + 1L,
            "later" => events - 10L,
            _ => 30_000L,
        };
        Sql(where == "blob"
            ? $"UPDATE events SET payload = (SELECT payload FROM events WHERE seq = {seq + 3}) WHERE seq = {seq}"
            : $"UPDATE events SET payload = '{{\"text\":\"forged\"}}' WHERE seq = {seq}");

        using var reopened = StoreFactory.OpenFile(Path, TimeProvider.System, create: false);
        var report = reopened.Verify();
        Assert.Equal(seq, report.FirstBadSeq);
        Assert.Equal(seq - 1, report.Count);
        Assert.Equal(reopened.GetEvent(seq - 1)!.Hash, report.HeadHash);
    }

    private string Sql(string sql)
    {
        using var db = new SqliteConnection($"Data Source={Path};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
