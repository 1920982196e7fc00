using KnowledgeOS.Launch;

namespace KnowledgeOS.Tests.Launch;

public sealed class StoreReachTests
{
    [Theory]
    [InlineData("postgresql://kos_app:pw@127.0.0.1:5432/kos", "")]
    [InlineData("postgresql://kos_app@/kos?host=/tmp/kos-pgbouncer&port=6432", "/tmp/kos-pgbouncer/.s.PGSQL.6432")]
    [InlineData("postgresql://kos_app@%2Fvar%2Frun%2Fpostgresql:5433/kos", "/var/run/postgresql/.s.PGSQL.5433")]
    [InlineData("postgresql://kos_app@/kos", "/var/run/postgresql/.s.PGSQL.5432 /run/postgresql/.s.PGSQL.5432 /tmp/.s.PGSQL.5432")]
    [InlineData("postgres://u@db.example.com/kos?sslmode=require", "")]
    public void the_sockets_a_store_url_reaches_the_server_by(string url, string sockets) =>
        Assert.Equal(sockets, string.Join(' ', StoreReach.Sockets(url)));

    [Fact]
    public void the_agents_environment_keeps_no_database_secret()
    {
        var env = new Dictionary<string, string>
        {
            ["KOS_STORE"] = "postgresql://kos_app:s3cret@db:5432/kos", ["PGPASSWORD"] = "s3cret", ["PGPASSFILE"] = "/root/.pgpass",
            ["PGSERVICEFILE"] = "/etc/pg", ["PGHOST"] = "db", ["PATH"] = "/usr/bin",
        };
        var store = StoreReach.StoreVariables(env);
        StoreReach.Scrub(env);
        Assert.Equal("postgresql://kos_app@db:5432/kos", env["KOS_STORE"]);
        Assert.DoesNotContain(env.Values, v => v.Contains("s3cret", StringComparison.Ordinal));
        Assert.False(env.ContainsKey("PGPASSFILE") || env.ContainsKey("PGSERVICEFILE"));
        Assert.Equal("db", env["PGHOST"]);
        // kos keeps its own settings for the hooks it answers outside.
        Assert.Equal("s3cret", store["PGPASSWORD"]);
        Assert.False(store.ContainsKey("PATH"));
    }

    [Fact]
    public void the_password_file_is_hidden_when_it_exists()
    {
        var home = Directory.CreateTempSubdirectory("kos-home-").FullName;
        try
        {
            Assert.Empty(StoreReach.Hidden("postgresql://u@h/db", n => n == "HOME" ? home : null).All);
            File.WriteAllText(Path.Combine(home, ".pgpass"), "*:*:*:kos_app:s3cret\n");
            Assert.Equal([Path.Combine(home, ".pgpass")], StoreReach.Hidden("postgresql://u@h/db", n => n == "HOME" ? home : null).Files);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
