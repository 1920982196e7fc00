using System.Diagnostics;
using KnowledgeOS.IntegrationTests.Store;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Ledger;

[Trait("Category", "LocalLedger")] // tampers with the embedded SQLite file
public sealed class TamperAndCrashTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public TamperAndCrashTests() => KosProcess.Ok(_repo.Root, "init");

    public void Dispose() => _repo.Dispose();

    private string Ledger => _repo.PathOf(".agent-os/state/ledger.db");

    private long MaxSeq() => long.Parse(Sqlite(Ledger, "SELECT coalesce(max(seq), 0) FROM events"), System.Globalization.CultureInfo.InvariantCulture);

    private void RemoveLedger()
    {
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(Ledger)!, "ledger.db*"))
        {
            File.Delete(f);
        }
    }

    private static string Sqlite(string db, string sql)
    {
        var psi = new ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(db);
        psi.ArgumentList.Add(sql);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, err);
        return output.Trim();
    }

    [Fact]
    public void a_payload_altered_with_the_sqlite3_shell_is_named_by_seq()
    {
        KosProcess.Ok(_repo.Root, "note", "first");
        KosProcess.Ok(_repo.Root, "note", "second");
        KosProcess.Ok(_repo.Root, "note", "third");
        Sqlite(Ledger, "UPDATE events SET payload = '{\"text\":\"forged\"}' WHERE seq = 3");

        var r = KosProcess.Run(_repo.Root, "trace", "verify");
        Assert.Equal(1, r.Code);
        Assert.Contains("at seq 3", r.Out, StringComparison.Ordinal);
        Assert.Contains("altered", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_deleted_event_in_the_middle_is_named_by_seq()
    {
        KosProcess.Ok(_repo.Root, "note", "a");
        KosProcess.Ok(_repo.Root, "note", "b");
        KosProcess.Ok(_repo.Root, "note", "c");
        Sqlite(Ledger, "DELETE FROM events WHERE seq = 2");

        var r = KosProcess.Run(_repo.Root, "trace", "verify", "--json");
        Assert.Equal(1, r.Code);
        Assert.Contains("\"firstBadSeq\": 2", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_process_killed_mid_append_leaves_a_valid_ledger()
    {
        for (var round = 0; round < 5; round++)
        {
            using var p = StoreProbe.Start(_repo.Root, new Dictionary<string, string>(), "append", "100000", "loop");
            // Kill it while it is appending: once it has written a few more events than before.
            var target = MaxSeq() + 20 + round * 37;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (MaxSeq() < target && DateTime.UtcNow < deadline && !p.HasExited)
            {
                Thread.Sleep(5);
            }

            p.Kill(); // SIGKILL on Linux
            p.WaitForExit();
        }

        var verify = KosProcess.Ok(_repo.Root, "trace", "verify");
        Assert.StartsWith("TRACE_OK ", verify.Out, StringComparison.Ordinal);
        var count = long.Parse(verify.Out.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count > 1, "the killed appenders should have written some events before dying");
        // The ledger keeps working after the crashes.
        KosProcess.Ok(_repo.Root, "note", "after the crashes");
        Assert.StartsWith($"TRACE_OK {count + 1} ", KosProcess.Ok(_repo.Root, "trace", "verify").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_foreign_sqlite_file_gives_a_clear_error_and_is_not_modified()
    {
        RemoveLedger();

        Sqlite(Ledger, "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');");
        var before = File.ReadAllBytes(Ledger);

        var r = KosProcess.Run(_repo.Root, "list");
        Assert.Equal(3, r.Code);
        Assert.Contains("not a KnowledgeOS ledger", r.Err, StringComparison.Ordinal);
        var init = KosProcess.Run(_repo.Root, "init");
        Assert.Equal(3, init.Code);
        Assert.Equal(before, File.ReadAllBytes(Ledger));
    }

    [Fact]
    public void a_damaged_file_gives_a_clear_error_and_is_not_modified()
    {
        RemoveLedger();
        File.WriteAllText(Ledger, "this is not a database, just text that happens to sit where the ledger goes");
        var before = File.ReadAllBytes(Ledger);

        var r = KosProcess.Run(_repo.Root, "trace", "verify");
        Assert.Equal(3, r.Code);
        Assert.Contains("damaged or not a SQLite database", r.Err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Ledger));
    }
}
