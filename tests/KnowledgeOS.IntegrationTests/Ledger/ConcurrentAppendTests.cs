using System.Diagnostics;
using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Ledger;

public sealed class ConcurrentAppendTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public ConcurrentAppendTests() => KosProcess.Ok(_repo.Root, "init");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void eight_processes_appending_200_events_each_lose_nothing_and_keep_the_chain()
    {
        var processes = Enumerable.Range(0, 8)
            .Select(i => Process.Start(KosProcess.StartInfo(_repo.Root, ["note", $"writer {i}", "--repeat", "200"]))!)
            .ToList();
        foreach (var p in processes)
        {
            p.StandardInput.Close();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
        }

        var verify = KosProcess.Ok(_repo.Root, "trace", "verify");
        // One initialisation event plus 8 × 200 notes.
        Assert.StartsWith("TRACE_OK 1601 events head ", verify.Out, StringComparison.Ordinal);
    }
}
