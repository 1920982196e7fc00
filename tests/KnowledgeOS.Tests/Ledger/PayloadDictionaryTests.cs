using System.Security.Cryptography;
using KnowledgeOS.Ledger;
using KnowledgeOS.Ledger.Sqlite;
using KnowledgeOS.Testing;
using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Tests.Ledger;

/// <summary>
/// Schema 4 on a real SQLite ledger: payloads compressed with zstd dictionaries made from the ledger's own payloads and
/// stored in it. Events read back exactly and the chain verifies; a ledger in schema 3 (Brotli payloads, no dictionaries)
/// is upgraded in place to the same head; and a flipped or truncated blob, a dictionary altered, swapped or removed, or a
/// blob pointed at another dictionary, is caught by <c>trace verify</c> and <c>postflight --full</c> at the first event it changes.
/// </summary>
public sealed class PayloadDictionaryTests : IDisposable
{
    private const int Events = 4200; // past the dictionaries made at 1,024 and 4,096 events
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;
    private readonly long _first;

    public PayloadDictionaryTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
        using var store = Open();
        _first = store.Head()!.Seq + 1;
        store.Write(w =>
        {
            for (var i = 0; i < Events; i++)
            {
                w.Append(new NewEvent("capability.used", $"T-{i % 13}", "agent:claude/s1", $"s-{i % 5}", Payload(i)));
            }

            return 0;
        });
    }

    public void Dispose() => _repo.Dispose();

    private string LedgerPath => _repo.PathOf(".agent-os/state/ledger.db");

    private ILedgerStore Open() => StoreFactory.OpenFile(LedgerPath, TimeProvider.System, create: false);

    /// <summary>A tool call as hooks record it: mostly shared structure, some of it varying.</summary>
    private static string Payload(int i) => i % 50 == 0
        ? "{\"note\":\"" + string.Concat(Enumerable.Repeat($"a longer tool response {i} ", 30)) + "\"}"
        : $"{{\"agent\":\"claude\",\"capability\":\"tool:{(i % 3 == 0 ? "Read" : "Edit")}\",\"input\":{{\"file_path\":\"/repo/src/pkg{i % 97}/file{i}.cs\"}},\"kind\":\"tool\",\"outcome\":\"allowed\",\"schemaVersion\":1}}";

    [Fact]
    public void later_payloads_are_stored_with_a_dictionary_made_from_the_ledgers_own_and_read_back_exactly()
    {
        Assert.Equal("2", Sql("SELECT count(*) FROM dictionaries"));
        Assert.Equal("1024", Sql("SELECT made_at FROM dictionaries WHERE id = 1"));
        Assert.Equal("4096", Sql("SELECT made_at FROM dictionaries WHERE id = 2"));
        Assert.Equal(Sha(Content(1)), Column<byte[]>("SELECT sha256 FROM dictionaries WHERE id = 1"));
        Assert.Equal("text", Sql("SELECT typeof(payload) FROM events WHERE seq = 1023")); // before any dictionary: small text stays text
        Assert.Equal("0201", Sql("SELECT hex(substr(payload, 1, 2)) FROM events WHERE seq = 1024"));
        Assert.Equal("0201", Sql("SELECT hex(substr(payload, 1, 2)) FROM events WHERE seq = 4095"));
        Assert.Equal("0202", Sql("SELECT hex(substr(payload, 1, 2)) FROM events WHERE seq = 4096"));

        using var store = Open();
        var events = store.Events().ToList();
        Assert.Equal(_first - 1 + Events, events.Count);
        for (var i = 0; i < Events; i++)
        {
            Assert.Equal(Payload(i), events[(int)(_first - 1) + i].Payload);
        }

        var report = store.Verify();
        Assert.True(report.Ok, report.Problem);
        Assert.Equal(_first - 1 + Events, report.Count);

        // A payload of this mix costs a fraction of its text with the dictionary, well below Brotli's blob.
        var zstd = double.Parse(Sql($"SELECT avg(length(payload)) FROM events WHERE seq > 4100 AND (seq - {_first}) % 50 <> 0"), System.Globalization.CultureInfo.InvariantCulture);
        var text = events.Where(e => e.Seq > 4100 && (e.Seq - _first) % 50 != 0).Average(e => System.Text.Encoding.UTF8.GetByteCount(e.Payload));
        Assert.True(zstd < text / 3, $"{zstd} bytes stored for {text} bytes of text");
    }

    [Fact]
    public void a_schema_3_ledger_with_brotli_payloads_is_upgraded_in_place_and_its_chain_verifies_to_the_same_head()
    {
        var written = WrittenEvents();
        WriteSchema3();
        Assert.Equal("3", Sql("PRAGMA user_version"));
        Assert.Equal("0", Sql("SELECT count(*) FROM sqlite_schema WHERE name = 'dictionaries'"));
        Assert.Equal("01", Sql($"SELECT hex(substr(payload, 1, 1)) FROM events WHERE seq = {_first + 4150}"));
        Assert.Equal("text", Sql($"SELECT typeof(payload) FROM events WHERE seq = {_first + 4151}"));
        var bytesBefore = new FileInfo(LedgerPath).Length;

        var r = _kos.Run("trace", "verify");

        Assert.True(r.Code == 0, r.ToString());
        Assert.Contains($"TRACE_OK {written.Count} events head {written[^1].Hash}", r.Out, StringComparison.Ordinal);
        Assert.Equal(SqliteLedgerStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), Sql("PRAGMA user_version"));
        Assert.Equal("1", Sql("SELECT count(*) FROM dictionaries"));
        Assert.Equal("02", Sql($"SELECT hex(substr(payload, 1, 1)) FROM events WHERE seq = {_first + 4150}"));
        Assert.Equal("02", Sql($"SELECT hex(substr(payload, 1, 1)) FROM events WHERE seq = {_first + 4151}"));
        Assert.Equal(written, WrittenEvents());
        Assert.True(new FileInfo(LedgerPath).Length < bytesBefore, $"{new FileInfo(LedgerPath).Length} bytes after, {bytesBefore} before");
        _kos.Ok("note", "after the upgrade");
        Assert.Contains($"TRACE_OK {written.Count + 1} events", _kos.Ok("trace", "verify").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_hook_refuses_to_start_an_upgrade_too_big_to_finish_before_its_watchdog_and_says_how_to_upgrade()
    {
        var written = WrittenEvents();
        WriteSchema3();
        var bytes = File.ReadAllBytes(LedgerPath);

        // A hook opens with a limit; this ledger is over the one given here (hooks use HookUpgradeLimit, 50,000 events).
        var e = Assert.Throws<KosException>(() => SqliteLedgerStore.Open(LedgerPath, upgradeLimit: 1_000).Dispose());

        Assert.Contains("needs a one-time upgrade to format 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("Run 'kos status' once", e.Message, StringComparison.Ordinal);
        Assert.Equal("3", Sql("PRAGMA user_version"));
        Assert.Equal(bytes, File.ReadAllBytes(LedgerPath));
        // Any command upgrades it; then the ledger holds what it held.
        Assert.Contains($"TRACE_OK {written.Count} events head {written[^1].Hash}", _kos.Ok("status").Out + _kos.Ok("trace", "verify").Out, StringComparison.Ordinal);
        Assert.Equal("4", Sql("PRAGMA user_version"));
    }

    [Fact]
    public void a_schema_3_ledger_whose_chain_is_broken_is_not_upgraded_and_is_left_as_it_was()
    {
        WriteSchema3();
        Sql("UPDATE events SET payload = '{\"forged\":true}' WHERE seq = 700");
        var before = SHA256.HashData(File.ReadAllBytes(LedgerPath));

        var r = _kos.Run("trace", "verify");

        Assert.NotEqual(0, r.Code);
        Assert.Contains("broken at seq 700", r.Err, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(LedgerPath)));
        Assert.Equal("3", Sql("PRAGMA user_version"));
    }

    [Theory]
    [InlineData("flip a byte of a blob", 2000L)]
    [InlineData("truncate a blob", 2000L)]
    [InlineData("point a blob at the other dictionary", 2000L)]
    [InlineData("alter a dictionary's bytes", 1024L)]
    [InlineData("alter a dictionary and its hash", 1024L)]
    [InlineData("swap the dictionaries", 1024L)]
    [InlineData("delete a dictionary", 4096L)]
    public void tampering_with_a_blob_or_a_dictionary_is_caught_at_the_first_event_it_changes(string how, long firstBad)
    {
        var other = Content(1).Reverse().ToArray();
        switch (how)
        {
            case "flip a byte of a blob":
                Blob(2000, b =>
                {
                    b[^3] ^= 0x24;
                    return b;
                });
                break;
            case "truncate a blob":
                Blob(2000, b => b.AsSpan(0, b.Length - 2).ToArray());
                break;
            case "point a blob at the other dictionary":
                Blob(2000, b =>
                {
                    b[1] = 2;
                    return b;
                });
                break;
            case "alter a dictionary's bytes":
                Dictionary(1, other, Sha(Content(1)));
                break;
            case "alter a dictionary and its hash":
                Dictionary(1, other, Sha(other));
                break;
            case "swap the dictionaries":
                var (one, two) = (Content(1), Content(2));
                Dictionary(1, two, Sha(two));
                Dictionary(2, one, Sha(one));
                break;
            case "delete a dictionary":
                Sql("DELETE FROM dictionaries WHERE id = 2");
                break;
        }

        var verify = _kos.Run("trace", "verify");
        Assert.True(verify.Code != 0, verify.ToString());
        Assert.Contains($"TRACE_BROKEN at seq {firstBad}:", verify.Out, StringComparison.Ordinal);
        var postflight = _kos.Run("postflight", "--full");
        Assert.True(postflight.Code != 0, postflight.ToString());
        Assert.Contains($"{firstBad}", postflight.Out + postflight.Err, StringComparison.Ordinal);
        using var store = Open();
        Assert.Equal(firstBad, store.Verify().FirstBadSeq);
    }

    [Fact]
    public void a_command_reads_a_dictionary_only_when_it_uses_one()
    {
        // Dictionary 1 altered: a set read on use does not read it until a payload names it.
        var other = Content(1).Reverse().ToArray();
        Dictionary(1, other, Sha(Content(1)));
        using var db = Connect();
        var set = PayloadDictionaries.ReadOnUse(db.Handle!);
        Assert.Empty(set.Damaged);
        Assert.Equal(2, set.Latest);
        Assert.Empty(set.Damaged);
        Assert.False(set.TryGet(1, out _));
        Assert.Equal([1L], set.Damaged);
        Assert.True(set.TryGet(2, out var two));
        Assert.Equal(Content(2), two);
        Assert.False(set.TryGet(3, out _));

        // Read all at once (a verification stretch), the same answers.
        var all = PayloadDictionaries.Read(db.Handle!);
        Assert.Equal([1L], all.Damaged);
        Assert.Equal(2, all.Latest);
    }

    [Fact]
    public void with_the_newest_dictionary_altered_new_payloads_use_the_newest_intact_one_and_read_back()
    {
        var other = Content(2).Reverse().ToArray();
        Dictionary(2, other, Sha(Content(2)));
        using var store = Open();
        var e = store.Write(w => w.Append(new NewEvent("capability.used", "T-1", "agent:claude/s1", "s-1", Payload(1))));
        Assert.Equal("0201", Sql($"SELECT hex(substr(payload, 1, 2)) FROM events WHERE seq = {e.Seq}"));
        Assert.Equal(Payload(1), store.GetEvent(e.Seq)!.Payload);
        Assert.Equal(PayloadCodec.Damaged, store.GetEvent(4096 + _first - 1)!.Payload);
    }

    private List<LedgerEvent> WrittenEvents()
    {
        using var store = Open();
        return store.Events().ToList();
    }

    /// <summary>Rewrites the ledger as kos wrote it before schema 4: Brotli payloads (from 160 bytes), no dictionaries table.</summary>
    private void WriteSchema3()
    {
        var events = WrittenEvents();
        using var brotli = new PayloadEncoder(0, null);
        using var db = Connect();
        using var tx = db.BeginTransaction();
        using (var update = db.CreateCommand())
        {
            update.CommandText = "UPDATE events SET payload = $p WHERE seq = $s";
            var p = update.Parameters.AddWithValue("$p", "");
            var s = update.Parameters.AddWithValue("$s", 0L);
            foreach (var e in events)
            {
                p.Value = brotli.Encode(e.Payload);
                s.Value = e.Seq;
                update.ExecuteNonQuery();
            }
        }

        using (var drop = db.CreateCommand())
        {
            drop.CommandText = "DROP TABLE dictionaries; PRAGMA user_version = 3;";
            drop.ExecuteNonQuery();
        }

        tx.Commit();
    }

    private byte[] Content(long id)
    {
        using var db = Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT content FROM dictionaries WHERE id = {id}";
        return (byte[])cmd.ExecuteScalar()!;
    }

    private static byte[] Sha(byte[] content) => SHA256.HashData(content);

    private void Dictionary(long id, byte[] content, byte[] sha)
    {
        using var db = Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "UPDATE dictionaries SET content = $c, sha256 = $h WHERE id = $id";
        cmd.Parameters.AddWithValue("$c", content);
        cmd.Parameters.AddWithValue("$h", sha);
        cmd.Parameters.AddWithValue("$id", id);
        cmd.ExecuteNonQuery();
    }

    private void Blob(long seq, Func<byte[], byte[]> change)
    {
        using var db = Connect();
        using var read = db.CreateCommand();
        read.CommandText = $"SELECT payload FROM events WHERE seq = {seq}";
        var blob = change((byte[])read.ExecuteScalar()!);
        using var write = db.CreateCommand();
        write.CommandText = $"UPDATE events SET payload = $p WHERE seq = {seq}";
        write.Parameters.AddWithValue("$p", blob);
        write.ExecuteNonQuery();
    }

    private SqliteConnection Connect()
    {
        var db = new SqliteConnection($"Data Source={LedgerPath};Pooling=False");
        db.Open();
        return db;
    }

    private T Column<T>(string sql)
    {
        using var db = Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return (T)cmd.ExecuteScalar()!;
    }

    private string Sql(string sql)
    {
        using var db = Connect();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
