using System.Text.Json.Nodes;
using KnowledgeOS.Testing;
using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Tests.Ledger;

/// <summary>
/// <c>kos ledger archive</c> on a real SQLite ledger: old events leave for a Brotli archive file, the live chain still
/// verifies from the archive's last hash, <c>trace verify --all</c> re-hashes the archives and names the one that was
/// altered, removed, truncated or swapped, an interrupted run never loses an event, and open tasks keep their events.
/// </summary>
public sealed class LedgerArchiveTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempRepo _repo = new();
    private readonly ManualClock _clock = new(Start);
    private readonly InProcess _kos;

    public LedgerArchiveTests()
    {
        _kos = new InProcess(_repo.Root, _clock);
        _kos.Ok("init");
    }

    public void Dispose() => _repo.Dispose();

    private string ArchiveDir => _repo.PathOf(".agent-os/state/archive");

    private string[] ArchiveFiles() => Directory.Exists(ArchiveDir) ? [.. Directory.GetFiles(ArchiveDir).Order(StringComparer.Ordinal)] : [];

    /// <summary>Notes on each of <paramref name="days"/> days from the clock's day; returns the last seq.</summary>
    private long Notes(int days, int perDay = 3)
    {
        long last = 0;
        for (var d = 0; d < days; d++)
        {
            for (var i = 0; i < perDay; i++)
            {
                last = JsonNode.Parse(_kos.Ok("note", $"day {d} note {i}", "--json").Out)!["seq"]!.GetValue<long>();
            }

            _clock.Advance(TimeSpan.FromDays(1));
        }

        return last;
    }

    private JsonNode Archive(string before) => JsonNode.Parse(_kos.Ok("ledger", "archive", "--before", before, "--json").Out)!;

    private JsonNode Verify(params string[] more) => JsonNode.Parse(_kos.Run(["trace", "verify", "--json", .. more]).Out)!;

    private string Sql(string sql)
    {
        using var c = new SqliteConnection($"Data Source={_repo.PathOf(".agent-os/state/ledger.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    [Fact]
    public void old_events_move_to_an_archive_and_the_live_chain_and_the_archive_both_verify()
    {
        Notes(4);                                   // 2026-01-01 .. 01-04: events 1 (init) .. 13
        var headBefore = Verify()["head"]!.GetValue<string>();

        var a = Archive("2026-01-03");

        Assert.True(a["archived"]!.GetValue<bool>());
        Assert.Equal(1, a["firstSeq"]!.GetValue<long>());
        Assert.Equal(7, a["lastSeq"]!.GetValue<long>()); // init + the notes of 01-01 and 01-02
        Assert.Single(ArchiveFiles());
        Assert.Equal("8", Sql("SELECT min(seq) FROM events"));
        var live = Verify();
        Assert.True(live["ok"]!.GetValue<bool>(), live.ToJsonString());
        Assert.Equal(14, live["events"]!.GetValue<long>()); // the ledger.archived event follows on from the old head
        var all = Verify("--all");
        Assert.True(all["ok"]!.GetValue<bool>(), all.ToJsonString());
        Assert.Equal(7, all["archivedEvents"]!.GetValue<long>());

        var recorded = JsonNode.Parse(_kos.Ok("trace", "--json").Out)!.AsArray();
        Assert.Equal(8, recorded[0]!["seq"]!.GetValue<long>());
        var archived = recorded.Single(e => e!["type"]!.GetValue<string>() == "ledger.archived")!;
        Assert.Equal(headBefore, archived["prevHash"]!.GetValue<string>());
        Assert.Equal(a["lastHash"]!.GetValue<string>(), archived["payload"]!["lastHash"]!.GetValue<string>());

        // Appends go on linking, and a second archive continues the first.
        Notes(1);
        var b = Archive("2026-01-05");
        Assert.Equal(8, b["firstSeq"]!.GetValue<long>());
        Assert.Equal(2, ArchiveFiles().Length);
        Assert.True(Verify("--all")["ok"]!.GetValue<bool>());
        Assert.Contains("2 archive(s)", _kos.Ok("trace", "verify", "--all").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void nothing_old_enough_archives_nothing()
    {
        Notes(1);
        var a = Archive("2025-12-31");
        Assert.False(a["archived"]!.GetValue<bool>());
        Assert.Empty(ArchiveFiles());
        Assert.Equal("0", Sql("SELECT count(*) FROM archives"));
    }

    [Fact]
    public void a_bad_date_is_refused_with_the_formats_it_takes()
    {
        var r = _kos.Run("ledger", "archive", "--before", "last tuesday");
        Assert.NotEqual(0, r.Code);
        Assert.Contains("2026-01-31T12:00:00Z", r.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("remove")]
    [InlineData("swap")]
    [InlineData("replace-with-valid-copy")]
    public void a_tampered_archive_fails_verify_all_naming_the_archive(string how)
    {
        Notes(2);
        Archive("2026-01-02");
        Notes(2);
        Archive("2026-01-04");
        var files = ArchiveFiles();
        Assert.Equal(2, files.Length);
        var first = files[0];
        var bytes = File.ReadAllBytes(first);
        switch (how)
        {
            case "flip":
                bytes[bytes.Length / 2] ^= 0x01;
                File.WriteAllBytes(first, bytes);
                break;
            case "truncate":
                File.WriteAllBytes(first, bytes[..(bytes.Length * 2 / 3)]);
                break;
            case "remove":
                File.Delete(first);
                break;
            case "swap":
                var other = File.ReadAllBytes(files[1]);
                File.WriteAllBytes(first, other);
                File.WriteAllBytes(files[1], bytes);
                break;
            case "replace-with-valid-copy":
                // A well-formed archive of a rewritten history: same range, recompressed, events re-hashed from a changed note.
                RewriteArchive(first);
                break;
        }

        var live = Verify();
        Assert.True(live["ok"]!.GetValue<bool>(), "the live chain does not read the archive files");
        var r = _kos.Run("trace", "verify", "--all");
        Assert.Equal(1, r.Code);
        Assert.Contains(Path.GetFileName(first), r.Out, StringComparison.Ordinal);
        Assert.Contains("TRACE_BROKEN", r.Out, StringComparison.Ordinal);
    }

    /// <summary>Rewrites an archive as a forger would: a changed note, every hash after it recomputed, a valid Brotli file.</summary>
    private static void RewriteArchive(string path)
    {
        var lines = new List<JsonNode>();
        using (var input = new System.IO.Compression.BrotliStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(input))
        {
            while (reader.ReadLine() is { } line)
            {
                lines.Add(JsonNode.Parse(line)!);
            }
        }

        var hasher = new KnowledgeOS.Ledger.EventHasher();
        var head = lines[0]["prevHash"]!.GetValue<string>();
        foreach (var e in lines.Skip(1).Where(l => l["seq"] is not null))
        {
            if (e["type"]!.GetValue<string>() == "note")
            {
                e["payload"] = JsonNode.Parse("{\"text\":\"forged\"}");
            }

            e["prevHash"] = head;
            var ev = new KnowledgeOS.Ledger.LedgerEvent(e["seq"]!.GetValue<long>(), e["id"]!.GetValue<string>(), e["time"]!.GetValue<string>(), e["type"]!.GetValue<string>(),
                (string?)e["task"], e["actor"]!.GetValue<string>(), (string?)e["session"], e["payload"]!.ToJsonString(), head, "");
            head = hasher.Hash(ev);
            e["hash"] = head;
        }

        lines[^1]["lastHash"] = head;
        using var output = new System.IO.Compression.BrotliStream(File.Create(path), System.IO.Compression.CompressionLevel.Optimal);
        foreach (var l in lines)
        {
            output.Write(System.Text.Encoding.UTF8.GetBytes(l.ToJsonString() + "\n"));
        }
    }

    [Fact]
    public void an_edited_archives_row_breaks_the_live_chain_at_the_first_live_event()
    {
        Notes(2);
        Archive("2026-01-02");
        Sql("UPDATE archives SET last_hash = '" + new string('a', 64) + "'");

        var r = _kos.Run("trace", "verify");

        Assert.Equal(1, r.Code);
        Assert.Contains("TRACE_BROKEN at seq", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void an_archive_file_left_unrecorded_by_a_crash_keeps_every_event_and_the_next_run_replaces_it()
    {
        Notes(3);
        var db = _repo.PathOf(".agent-os/state/ledger.db");
        var saved = Path.Combine(_repo.Root, "saved");
        Directory.CreateDirectory(saved);
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(db)!, "ledger.db*"))
        {
            File.Copy(f, Path.Combine(saved, Path.GetFileName(f)));
        }

        var head = Verify()["head"]!.GetValue<string>();
        Archive("2026-01-03");
        var file = Assert.Single(ArchiveFiles());
        // The state a crash between the archive file's rename and the ledger's commit leaves: the ledger as it was, the file beside it.
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(db)!, "ledger.db*"))
        {
            File.Delete(f);
        }

        foreach (var f in Directory.GetFiles(saved))
        {
            File.Copy(f, Path.Combine(Path.GetDirectoryName(db)!, Path.GetFileName(f)));
        }

        File.WriteAllText(Path.Combine(ArchiveDir, ".events-000000000001-000000000004.jsonl.br.tmp"), "half-written");
        var v = Verify("--all");
        Assert.True(v["ok"]!.GetValue<bool>(), v.ToJsonString());
        Assert.Equal(head, v["head"]!.GetValue<string>());
        Assert.Equal(10, v["events"]!.GetValue<long>());
        Assert.Contains(v["notes"]!.AsArray(), n => n!.GetValue<string>().Contains(Path.GetFileName(file), StringComparison.Ordinal));

        var again = _kos.Ok("ledger", "archive", "--before", "2026-01-03");

        Assert.Contains("removed " + Path.GetFileName(file), again.Err, StringComparison.Ordinal);
        Assert.Contains("interrupted", again.Err, StringComparison.Ordinal);
        Assert.Equal(Path.GetFileName(file), Path.GetFileName(Assert.Single(ArchiveFiles())));
        var all = Verify("--all");
        Assert.True(all["ok"]!.GetValue<bool>(), all.ToJsonString());
        Assert.Equal(7, all["archivedEvents"]!.GetValue<long>());
        Assert.Equal(11, all["events"]!.GetValue<long>());
    }

    [Fact]
    public void an_open_tasks_events_stay_live_and_a_closed_tasks_anchor_is_kept()
    {
        Notes(1);
        var open = _kos.Ok("create-task", "Still open", "--quick", "--scope", "src/**").FirstLine;
        _clock.Advance(TimeSpan.FromDays(1));
        var closed = _kos.Ok("create-task", "Given up", "--quick", "--scope", "docs/**").FirstLine;
        _kos.Ok("abandon", closed, "--reason", "not needed");
        _clock.Advance(TimeSpan.FromDays(1));
        Notes(1);
        var openFirst = long.Parse(Sql($"SELECT min(seq) FROM events WHERE task = '{open}'"), System.Globalization.CultureInfo.InvariantCulture);
        var openEvents = Sql($"SELECT count(*) FROM events WHERE task = '{open}'");

        var a = Archive("2100-01-01");

        Assert.Equal(openFirst - 1, a["lastSeq"]!.GetValue<long>());
        Assert.Contains(a["notes"]!.AsArray(), n => n!.GetValue<string>().Contains(open, StringComparison.Ordinal));
        Assert.Equal(openEvents, Sql($"SELECT count(*) FROM events WHERE task = '{open}'"));
        Assert.True(Verify("--all")["ok"]!.GetValue<bool>());
        _kos.Ok("verify-lifecycle", open);

        // Close the open task too: now everything before the archive event may go, and the task anchors stay readable.
        _kos.Ok("abandon", open, "--reason", "done with it");
        _clock.Advance(TimeSpan.FromDays(1));
        var b = Archive("2100-01-01");
        Assert.True(b["archived"]!.GetValue<bool>());
        Assert.Equal("0", Sql($"SELECT count(*) FROM events WHERE task IN ('{open}', '{closed}')"));
        Assert.Equal("2", Sql($"SELECT count(*) FROM archive_kept WHERE task IN ('{open}', '{closed}')"));
        Assert.Equal("1", Sql("SELECT count(*) FROM archive_kept WHERE seq = 1"));
        var show = _kos.Ok("show", closed, "--json");
        Assert.Contains("abandoned", show.Out, StringComparison.Ordinal);
        Assert.True(Verify("--all")["ok"]!.GetValue<bool>());
    }

    [Fact]
    public void an_archived_ledger_is_not_copied_to_another_store_without_its_archives()
    {
        Notes(2);
        Archive("2026-01-02");
        var r = _kos.Run("store", "export", "--out", Path.Combine(_repo.Root, "copy.db"));
        Assert.NotEqual(0, r.Code);
        Assert.Contains("archived events", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo.Root, "copy.db")));
    }

    [Fact]
    public void trace_all_reads_the_archived_history_and_refuses_a_damaged_archive()
    {
        var task = _kos.Ok("create-task", "Old work", "--quick", "--scope", "docs/**").FirstLine;
        _kos.Ok("abandon", task, "--reason", "superseded");
        Notes(2);
        Archive("2026-01-02T12:00:00Z");

        var live = JsonNode.Parse(_kos.Ok("trace", "--json").Out)!.AsArray();
        var all = JsonNode.Parse(_kos.Ok("trace", "--all", "--json").Out)!.AsArray();
        Assert.True(live[0]!["seq"]!.GetValue<long>() > 1);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e!["seq"]!.GetValue<long>()));
        Assert.Contains("'kos trace --all'", _kos.Ok("trace").Err, StringComparison.Ordinal);
        var history = JsonNode.Parse(_kos.Ok("trace", task, "--all", "--json").Out)!.AsArray();
        var types = history.Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal("task.created", types[0]);
        Assert.Contains("task.abandoned", types);
        Assert.All(history, e => Assert.Equal(task, e!["task"]!.GetValue<string>()));
        Assert.Empty(JsonNode.Parse(_kos.Ok("trace", task, "--json").Out)!.AsArray());

        var file = Assert.Single(ArchiveFiles());
        var bytes = File.ReadAllBytes(file);
        bytes[^5] ^= 0x10;
        File.WriteAllBytes(file, bytes);
        var r = _kos.Run("trace", "--all");
        Assert.Equal(3, r.Code);
        Assert.Contains(Path.GetFileName(file), r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void a_task_reopened_after_archival_gets_its_archived_history_in_the_pack_when_asked()
    {
        var task = _kos.Ok("create-task", "Old work", "--quick", "--scope", "docs/**").FirstLine;
        _kos.Ok("note", "Keep the old API stable.", "--task", task, "--decision");
        _kos.Ok("abandon", task, "--reason", "paused");
        _clock.Advance(TimeSpan.FromDays(1));
        Archive("2100-01-01");
        _kos.Ok("reopen", task, "--reason", "back on it");

        var live = _kos.Ok("context-pack", task).Out;
        var all = _kos.Ok("context-pack", task, "--all").Out;

        Assert.DoesNotContain("Keep the old API stable.", live, StringComparison.Ordinal);
        Assert.Contains("Keep the old API stable.", all, StringComparison.Ordinal);

        // A damaged archive is an error, never a pack built on part of the history.
        var file = Assert.Single(ArchiveFiles());
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(file, bytes);
        var r = _kos.Run("context-pack", task, "--all");
        Assert.Equal(3, r.Code);
        Assert.Contains("archived history cannot be read", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void postflight_after_archival_finds_what_it_found_before_and_archival_stops_at_its_checkpoint()
    {
        var task = _kos.Ok("create-task", "Old work", "--quick", "--scope", "docs/**").FirstLine;
        _kos.Ok("abandon", task, "--reason", "superseded");
        Notes(2);
        var first = _kos.Run("postflight", "--json");
        var checkpoint = JsonNode.Parse(Sql("SELECT value FROM records WHERE kind = 'postflight' AND key = 'checkpoint'"))!["seq"]!.GetValue<long>();
        Notes(2);

        var a = Archive("2100-01-01");

        Assert.Equal(checkpoint - 1, a["lastSeq"]!.GetValue<long>());
        Assert.Contains(a["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("postflight checkpoint", StringComparison.Ordinal));
        foreach (var args in new[] { new[] { "postflight", "--json" }, ["postflight", "--full", "--json"] })
        {
            var after = _kos.Run(args);
            Assert.True(first.Code == after.Code, $"{string.Join(' ', args)}\nbefore: {first}\nafter: {after}");
            Assert.Equal(Problems(first), Problems(after));
        }

        static string Problems(CliRun r) => string.Join("\n", (JsonNode.Parse(r.Out)!["problems"]?.AsArray() ?? []).Select(p => p!["check"]?.ToString() + ": " + p["message"]));
    }

    [Fact]
    public void a_schema_2_ledger_gets_the_archive_tables_on_open_and_its_chain_still_verifies()
    {
        Notes(1);
        var head = Verify()["head"]!.GetValue<string>();
        Sql("DROP TABLE archives; DROP TABLE archive_kept; PRAGMA user_version = 2;");

        var v = Verify();

        Assert.True(v["ok"]!.GetValue<bool>(), v.ToJsonString());
        Assert.Equal(head, v["head"]!.GetValue<string>());
        Assert.Equal(KnowledgeOS.Ledger.Sqlite.SqliteLedgerStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), Sql("PRAGMA user_version"));
        Assert.True(Archive("2026-01-02")["archived"]!.GetValue<bool>());
        Assert.True(Verify("--all")["ok"]!.GetValue<bool>());
    }

    [Fact]
    public void a_schema_3_ledger_with_an_archive_is_upgraded_and_its_live_chain_and_archive_still_verify()
    {
        Notes(3);
        Assert.True(Archive("2026-01-02")["archived"]!.GetValue<bool>());
        Notes(1);
        var head = Verify()["head"]!.GetValue<string>();
        Sql("DROP TABLE dictionaries; PRAGMA user_version = 3;");

        var v = Verify("--all");

        Assert.True(v["ok"]!.GetValue<bool>(), v.ToJsonString());
        Assert.Equal(head, v["head"]!.GetValue<string>());
        Assert.Equal(KnowledgeOS.Ledger.Sqlite.SqliteLedgerStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), Sql("PRAGMA user_version"));
        Assert.Equal("1", Sql("SELECT count(*) FROM archives"));
    }

    [Fact]
    public void a_marker_quoting_an_archived_event_is_not_valid_and_says_why()
    {
        Notes(1);
        var marker = _kos.Ok("trace", "verify").FirstLine;
        Notes(1);
        Archive("2026-01-02");

        var r = _kos.Run("verify-marker", marker);

        Assert.Equal(1, r.Code);
        Assert.Contains("archived", r.Out + r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void an_archives_row_that_disagrees_with_its_ledger_archived_event_fails_plain_verify()
    {
        Notes(2);
        Archive("2026-01-02");
        Sql("UPDATE archives SET sha256 = '" + new string('0', 64) + "'");

        var r = _kos.Run("trace", "verify");

        Assert.Equal(1, r.Code);
        Assert.Contains("archives row for events-000000000001-000000000004.jsonl.br", r.Out, StringComparison.Ordinal);
    }
}
