using KnowledgeOS.IntegrationTests.Store;
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
            .Select(i => StoreProbe.Start(_repo.Root, new Dictionary<string, string>(), "append", "200", $"writer{i}"))
            .ToList();
        foreach (var p in processes)
        {
            var (code, output) = StoreProbe.Finish(p);
            Assert.True(code == 0, output);
        }

        var verify = KosProcess.Ok(_repo.Root, "trace", "verify");
        // One initialisation event plus 8 × 200 notes.
        Assert.StartsWith("TRACE_OK 1601 events head ", verify.Out, StringComparison.Ordinal);
    }
}
