using KnowledgeOS.Testing;

namespace KnowledgeOS.IntegrationTests.Store;

/// <summary><c>kos ledger archive</c> on the team store (a real PostgreSQL 15) is refused with a clear message, and nothing moves.</summary>
[Trait("Category", "OwnStore")] // chooses its store itself
public sealed class PostgresArchiveRefusalTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [SkippableFact]
    public void archiving_the_team_store_is_refused_and_its_chain_is_untouched()
    {
        Skip.If(PgTestDb.Unavailable is not null, PgTestDb.Unavailable);
        var env = PgTestDb.Env();
        Assert.Equal(0, KosProcess.Run(_repo.Root, env, null, "init").Code);
        StoreProbe.Append(_repo.Root, 3, "history", env);
        var before = KosProcess.Run(_repo.Root, env, null, "trace", "verify").Out;

        var r = KosProcess.Run(_repo.Root, env, null, "ledger", "archive", "--before", "2100-01-01");

        Assert.Equal(1, r.Code);
        Assert.Contains("team store", r.Err, StringComparison.Ordinal);
        Assert.Contains("kos has changed nothing", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(PgTestDb.Password, r.Out + r.Err, StringComparison.Ordinal);
        Assert.Equal(before, KosProcess.Run(_repo.Root, env, null, "trace", "verify").Out);
        Assert.False(Directory.Exists(_repo.PathOf(".agent-os/state/archive")));
    }
}
