using KnowledgeOS.Ledger;

namespace KnowledgeOS.IntegrationTests.Store;

/// <summary>
/// A PostgreSQL chain long enough to be verified as stretches on connections of their own (<see cref="RangeVerifier"/>):
/// tampered in the middle of a later stretch, at a stretch's first event (its stored prev_hash) and at the last event of the
/// stretch before (its hash), each named by seq, as the single-reader walk over the same rows names it.
/// </summary>
[Trait("Category", "OwnStore")] // chooses its store itself
public sealed class PostgresLongChainTests
{
    private const int Events = 45_000;

    [SkippableFact]
    public void a_long_chain_read_in_stretches_names_each_tampered_event_as_one_reader_does()
    {
        Skip.If(PgTestDb.Unavailable is not null, PgTestDb.Unavailable);
        var project = PgTestDb.NewProject();
        using var store = StoreFactory.OpenUrl(PgTestDb.AppUrl!, project, Environment.GetEnvironmentVariable, TimeProvider.System, create: true);
        for (var batch = 0; batch < 3; batch++)
        {
            store.Write(w =>
            {
                for (var i = 0; i < Events / 3; i++)
                {
                    w.Append(new NewEvent("note", i % 7 == 0 ? $"T-{i % 50}" : null, "user:test", i % 3 == 0 ? "s" : null, $"{{\"text\":\"event {batch} {i}\"}}"));
                }

                return 0;
            });
        }

        var engine = store.Engine;
        Assert.True(Assert.IsAssignableFrom<IRangeScan>(engine).RangesVisible);
        var intact = store.Verify();
        Assert.True(intact.Ok, intact.Problem);
        Assert.Equal(Events, intact.Count);
        Assert.Equal(store.Head()!.Hash, intact.HeadHash);

        // Two stretches on two cores or more: 1..22500 and 22501..45000 (one per 20,000 events, up to four per core).
        const long Middle = 30_001, SeamFirst = 22_501, SeamLast = 22_500;
        PgTestDb.Exec(PgTestDb.OwnerUrl!, "UPDATE kos.events SET payload = '{\"text\":\"rewritten\"}' WHERE project = $1 AND seq = $2", project, Middle);
        AssertSameVerdict(store, Middle, "was altered after it was written");

        PgTestDb.Exec(PgTestDb.OwnerUrl!, "UPDATE kos.events SET prev_hash = repeat('a', 64) WHERE project = $1 AND seq = $2", project, SeamFirst);
        AssertSameVerdict(store, SeamFirst, "does not link to event 22500");

        PgTestDb.Exec(PgTestDb.OwnerUrl!, "UPDATE kos.events SET hash = repeat('b', 64) WHERE project = $1 AND seq = $2", project, SeamLast);
        AssertSameVerdict(store, SeamLast, "was altered after it was written");
    }

    private static void AssertSameVerdict(LedgerStore store, long seq, string problem)
    {
        var ranges = store.Verify();
        var oneReader = ChainVerifier.Verify(store.Engine.ScanChain, s => store.GetEvent(s)?.Hash);
        Assert.Equal(seq, ranges.FirstBadSeq);
        Assert.Contains(problem, ranges.Problem, StringComparison.Ordinal);
        Assert.Equal(oneReader.FirstBadSeq, ranges.FirstBadSeq);
        Assert.Equal(seq - 1, ranges.Count);
        Assert.Equal(oneReader.HeadHash, ranges.HeadHash);
    }
}
