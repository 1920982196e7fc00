using System.Runtime.CompilerServices;
using KnowledgeOS.IntegrationTests.Store;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Store.Postgres;

namespace KnowledgeOS.Testing;

/// <summary>
/// Reads a test project's ledger through the same store choice kos makes (<c>KOS_STORE</c>, <c>[store] url</c>,
/// else the SQLite file), so a test asserts on the events whichever store the suite runs against.
/// </summary>
public static class TestLedger
{
    /// <summary>Whether this run of the suite puts every project on the team store (<c>KOS_STORE</c> is set).</summary>
    public static bool OnTeamStore => Environment.GetEnvironmentVariable(StoreFactory.EnvVar) is { Length: > 0 } url && url != "sqlite";

    /// <summary>
    /// The test process opens ledgers the way the kos executables do: PostgreSQL registered by URL scheme. When the
    /// whole suite runs on the team store, its schema is migrated once by the owner role first (kos runs as kos_app).
    /// </summary>
    [ModuleInitializer]
    internal static void RegisterStores()
    {
        StoreFactory.Register(new PostgresStoreProvider());
        if (OnTeamStore && PgTestDb.Unavailable is { } problem)
        {
            throw new InvalidOperationException("KOS_STORE is set for this run, but the team store is not usable: " + problem);
        }
    }

    public static LedgerStore Open(string root)
    {
        var project = KosProject.LocateInitialised(root);
        return StoreFactory.Open(project, KosConfig.Load(project.ConfigPath), Environment.GetEnvironmentVariable, TimeProvider.System);
    }

    public static List<LedgerEvent> Events(string root)
    {
        using var store = Open(root);
        return store.Events().ToList();
    }
}
