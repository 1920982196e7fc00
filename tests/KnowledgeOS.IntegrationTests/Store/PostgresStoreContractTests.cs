namespace KnowledgeOS.IntegrationTests.Store;

/// <summary>The contract against PostgreSQL 15, as kos's everyday role; tampering goes through the owner role.</summary>
[Trait("Category", "OwnStore")] // chooses its store itself
public sealed class PostgresStoreContractTests : LedgerStoreContractTests
{
    private readonly string _project = PgTestDb.NewProject();

    protected override string? Unavailable => PgTestDb.Unavailable;

    protected override IReadOnlyDictionary<string, string> StoreEnv => PgTestDb.Env();

    protected override void PrepareRepo() => Repo.Write(".agent-os/config.toml", $"[store]\nproject = \"{_project}\"\n");

    protected override void AlterPayload(long seq, string payload) =>
        Assert.Equal(1, PgTestDb.Exec(PgTestDb.OwnerUrl!, "UPDATE kos.events SET payload = $1 WHERE project = $2 AND seq = $3", payload, _project, seq));

    protected override void DeleteEvent(long seq) =>
        Assert.Equal(1, PgTestDb.Exec(PgTestDb.OwnerUrl!, "DELETE FROM kos.events WHERE project = $1 AND seq = $2", _project, seq));
}
