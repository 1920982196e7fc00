using System.Diagnostics;
using System.Text.Json.Nodes;
using KnowledgeOS.IntegrationTests.Store;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Ledger;

/// <summary>
/// <c>kos ledger archive</c> run as the real binary: archives verify with <c>trace verify --all</c> and a changed byte
/// is named; an agent's context is refused and nothing moves; a process killed at any point of an archive run leaves
/// every event either in the ledger or in a recorded archive, and the next run finishes the job.
/// </summary>
[Trait("Category", "LocalLedger")] // archives the embedded SQLite file and tampers with its archive files
public sealed class ArchiveProcessTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public ArchiveProcessTests() => KosProcess.Ok(_repo.Root, "init");

    public void Dispose() => _repo.Dispose();

    private string ArchiveDir => _repo.PathOf(".agent-os/state/archive");

    private string[] Files() => Directory.Exists(ArchiveDir) ? [.. Directory.GetFiles(ArchiveDir).Order(StringComparer.Ordinal)] : [];

    private JsonNode VerifyAll() => JsonNode.Parse(KosProcess.Run(_repo.Root, "trace", "verify", "--all", "--json").Out)!;

    [Fact]
    public void archived_events_verify_with_all_and_a_changed_byte_is_named()
    {
        StoreProbe.Append(_repo.Root, 50);
        var archived = KosProcess.Ok(_repo.Root, "ledger", "archive", "--before", "2100-01-01");
        Assert.StartsWith("ARCHIVE_OK events 1..51 ", archived.Out, StringComparison.Ordinal);
        KosProcess.Ok(_repo.Root, "note", "after");
        Assert.StartsWith("TRACE_OK 53 events", KosProcess.Ok(_repo.Root, "trace", "verify").Out, StringComparison.Ordinal);
        Assert.Contains("51 archived events verified", KosProcess.Ok(_repo.Root, "trace", "verify", "--all").Out, StringComparison.Ordinal);

        var file = Assert.Single(Files());
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 3] ^= 0x20;
        File.WriteAllBytes(file, bytes);

        var r = KosProcess.Run(_repo.Root, "trace", "verify", "--all");
        Assert.Equal(1, r.Code);
        Assert.Contains($"TRACE_BROKEN: the archive {Path.GetFileName(file)}", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void an_agent_cannot_archive_the_ledger()
    {
        StoreProbe.Append(_repo.Root, 5);
        var claude = new Dictionary<string, string> { ["CLAUDECODE"] = "1", ["CLAUDE_CODE_SESSION_ID"] = "sess-9" };

        var r = KosProcess.Run(_repo.Root, claude, null, "ledger", "archive", "--before", "2100-01-01");

        Assert.Equal(1, r.Code);
        Assert.Contains("decision for a person", r.Err, StringComparison.Ordinal);
        Assert.Empty(Files());
        var v = VerifyAll();
        Assert.True(v["ok"]!.GetValue<bool>());
        Assert.Equal(0, v["archives"]!.GetValue<int>());
    }

    [Fact]
    public void a_process_killed_while_archiving_loses_no_event_and_the_next_run_completes()
    {
        StoreProbe.Append(_repo.Root, 30000, "history");
        var head = VerifyAll()["events"]!.GetValue<long>();
        // Kill it at different points: while the temporary file grows, and once the archive file has its final name.
        foreach (var stage in new[] { ".tmp", ".jsonl.br", ".tmp" })
        {
            using var p = Process.Start(KosProcess.StartInfo(_repo.Root, ["ledger", "archive", "--before", "2100-01-01"]))!;
            p.StandardInput.Close();
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!p.HasExited && DateTime.UtcNow < deadline && !Files().Any(f => f.EndsWith(stage, StringComparison.Ordinal)))
            {
                Thread.Sleep(2);
            }

            if (!p.HasExited)
            {
                p.Kill(); // SIGKILL on Linux
            }

            p.WaitForExit();
            var v = VerifyAll();
            Assert.True(v["ok"]!.GetValue<bool>(), $"after a kill at {stage}: {v.ToJsonString()}");
            var archives = v["archives"]!.GetValue<int>();
            // Either nothing was recorded (every event still live), or the archive and its ledger.archived event were.
            Assert.Equal(head + archives, v["events"]!.GetValue<long>());
            if (archives > 0)
            {
                break;
            }
        }

        var done = KosProcess.Run(_repo.Root, "ledger", "archive", "--before", "2100-01-01", "--json");
        Assert.Equal(0, done.Code);
        var all = VerifyAll();
        Assert.True(all["ok"]!.GetValue<bool>(), all.ToJsonString());
        Assert.Equal(head + all["archives"]!.GetValue<int>(), all["events"]!.GetValue<long>());
        Assert.Equal(all["events"]!.GetValue<long>() - 1, all["archivedEvents"]!.GetValue<long>());
        Assert.DoesNotContain(Files(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
