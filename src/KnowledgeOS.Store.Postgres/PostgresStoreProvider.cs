using KnowledgeOS.Ledger;

namespace KnowledgeOS.Store.Postgres;

/// <summary>Opens <c>postgresql://</c> (and <c>postgres://</c>) store URLs; registered by the executables at start.</summary>
public sealed class PostgresStoreProvider : IStoreProvider
{
    public bool Handles(string url) =>
        url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    public IStoreEngine Open(StoreTarget target) => PostgresLedgerStore.Open(target);
}
