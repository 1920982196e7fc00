using KnowledgeOS.Ledger;
using KnowledgeOS.Store.Postgres;
using Npgsql;

namespace KnowledgeOS.IntegrationTests.Store;

/// <summary>
/// The real PostgreSQL 15 the tests run against: KOS_TEST_PG (kos's everyday role, kos_app) and
/// KOS_TEST_PG_OWNER (the migration owner), as tools/postgres-test-db.sh prints them and .ci/run
/// exports. Without them the PostgreSQL tests report skipped, and with KOS_REQUIRE_POSTGRES=1
/// (CI) they fail instead.
/// </summary>
public static class PgTestDb
{
    public static string? AppUrl => Environment.GetEnvironmentVariable("KOS_TEST_PG");

    public static string? OwnerUrl => Environment.GetEnvironmentVariable("KOS_TEST_PG_OWNER");

    private static readonly Lazy<string?> Problem = new(Prepare);

    /// <summary>Why PostgreSQL cannot be tested here, or null.</summary>
    public static string? Unavailable
    {
        get
        {
            var problem = Problem.Value;
            if (problem is not null && Environment.GetEnvironmentVariable("KOS_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException("KOS_REQUIRE_POSTGRES=1 but PostgreSQL is not usable: " + problem);
            }

            return problem;
        }
    }

    /// <summary>A fresh project key, so tests never share a project in the one database.</summary>
    public static string NewProject() => "test-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The password in <see cref="AppUrl"/> (tests check it never leaks).</summary>
    public static string Password => new Uri(AppUrl!).UserInfo.Split(':', 2)[1];

    public static Dictionary<string, string> Env() => new() { ["KOS_STORE"] = AppUrl! };

    private static string? Prepare()
    {
        if (AppUrl is null || OwnerUrl is null)
        {
            return "KOS_TEST_PG / KOS_TEST_PG_OWNER are not set: run eval \"$(tools/postgres-test-db.sh)\" (PostgreSQL 15) first.";
        }

        try
        {
            StoreFactory.Register(new PostgresStoreProvider());
            // The owner migrates the schema once; kos_app then only uses it.
            StoreFactory.OpenUrl(OwnerUrl, "test-bootstrap", Environment.GetEnvironmentVariable, TimeProvider.System, create: true).Dispose();
            return null;
        }
        catch (Exception e) when (e is KosException or Npgsql.NpgsqlException)
        {
            return e.Message;
        }
    }

    /// <summary>Runs SQL as <paramref name="url"/>'s role, straight through Npgsql (the tampering a DBA or a stolen password could do).</summary>
    public static int Exec(string url, string sql, params object[] args)
    {
        using var source = new NpgsqlSlimDataSourceBuilder(PgConnectionString.Parse(url, Environment.GetEnvironmentVariable).Value).Build();
        using var c = source.OpenConnection();
        using var cmd = new NpgsqlCommand(sql, c);
        foreach (var a in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        return cmd.ExecuteNonQuery();
    }
}
