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

    // kos's everyday role may write its projections (it must, to keep them): the same edit a hostile agent holding its password could make.
    protected override void SetTaskPhase(string task, string phase) =>
        Assert.Equal(1, PgTestDb.Exec(PgTestDb.AppUrl!,
            "UPDATE kos.tasks SET phase = $1, state = jsonb_set(state::jsonb, '{phase}', to_jsonb($1::text))::text WHERE project = $2 AND id = $3", phase, _project, task));

    protected override void SetRecord(string kind, string key, string? value) =>
        Assert.Equal(1, value is null
            ? PgTestDb.Exec(PgTestDb.AppUrl!, "DELETE FROM kos.records WHERE project = $1 AND kind = $2 AND key = $3", _project, kind, key)
            : PgTestDb.Exec(PgTestDb.AppUrl!, "UPDATE kos.records SET value = $1 WHERE project = $2 AND kind = $3 AND key = $4", value, _project, kind, key));
}
