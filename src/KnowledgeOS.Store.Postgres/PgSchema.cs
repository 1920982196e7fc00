using Npgsql;

namespace KnowledgeOS.Store.Postgres;

/// <summary>
/// Versioned migrations of the shared schema <c>kos</c>. They run at <c>kos init</c>, as the role that
/// will own the tables (the migration owner); kos's everyday role needs only the grants they give.
/// Events are immutable for every role but the owner: no UPDATE/DELETE privilege, and triggers that
/// refuse UPDATE, DELETE and TRUNCATE even where a privilege was granted.
/// </summary>
internal static class PgSchema
{
    /// <summary>Serialises concurrent migrations (an arbitrary, fixed advisory-lock key).</summary>
    private const long MigrationLock = 0x4B4F534D4947; // "KOSMIG"

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE kos.projects (
            key     text PRIMARY KEY,
            created timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE kos.events (
            project   text   NOT NULL REFERENCES kos.projects(key),
            seq       bigint NOT NULL,
            id        text   NOT NULL,
            time      text   NOT NULL,
            type      text   NOT NULL,
            task      text,
            actor     text   NOT NULL,
            session   text,
            payload   text   NOT NULL,
            prev_hash text   NOT NULL,
            hash      text   NOT NULL,
            PRIMARY KEY (project, seq),
            UNIQUE (project, prev_hash),
            UNIQUE (project, hash),
            UNIQUE (project, id)
        );
        CREATE INDEX events_task ON kos.events (project, task, seq) WHERE task IS NOT NULL;
        CREATE TABLE kos.tasks (
            project text NOT NULL REFERENCES kos.projects(key),
            id      text NOT NULL,
            phase   text NOT NULL,
            title   text NOT NULL,
            session text,
            updated text NOT NULL,
            state   text NOT NULL,
            PRIMARY KEY (project, id)
        );
        CREATE INDEX tasks_session ON kos.tasks (project, session) WHERE session IS NOT NULL;
        CREATE INDEX tasks_updated ON kos.tasks (project, updated DESC, id);
        CREATE TABLE kos.records (
            project text NOT NULL REFERENCES kos.projects(key),
            kind    text NOT NULL,
            key     text NOT NULL,
            task    text,
            value   text NOT NULL,
            PRIMARY KEY (project, kind, key)
        );
        CREATE INDEX records_task ON kos.records (project, kind, task) WHERE task IS NOT NULL;

        CREATE FUNCTION kos.events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_user <> (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID) THEN
                RAISE EXCEPTION 'kos ledger events are immutable: % refused for role %', TG_OP, current_user
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END
        $$;
        CREATE TRIGGER events_immutable_rows BEFORE UPDATE OR DELETE ON kos.events
            FOR EACH ROW EXECUTE FUNCTION kos.events_immutable();
        CREATE TRIGGER events_immutable_truncate BEFORE TRUNCATE ON kos.events
            FOR EACH STATEMENT EXECUTE FUNCTION kos.events_immutable();

        GRANT USAGE ON SCHEMA kos TO PUBLIC;
        GRANT SELECT ON kos.migrations TO PUBLIC;
        GRANT SELECT, INSERT ON kos.projects TO PUBLIC;
        GRANT SELECT, INSERT ON kos.events TO PUBLIC;
        GRANT SELECT, INSERT, UPDATE ON kos.tasks, kos.records TO PUBLIC;
        """,
        // 2: projection records can be removed (the scope prefix tree files each active scope once); events still cannot.
        """
        GRANT DELETE ON kos.records TO PUBLIC;
        """,
        // kos list: the task rows of one project in the list's order, read from the index alone (no sort, no table pages).
        """
        CREATE INDEX tasks_list ON kos.tasks (project, updated DESC, id COLLATE "C") INCLUDE (phase, title, session);
        DROP INDEX kos.tasks_updated;
        """,
    ];

    public static int Latest => Migrations.Length;

    /// <summary>The schema version in the database (0 when it has none).</summary>
    public static int Current(NpgsqlConnection c)
    {
        using (var exists = new NpgsqlCommand("SELECT to_regclass('kos.migrations') IS NOT NULL", c))
        {
            if (exists.ExecuteScalar() is not true)
            {
                return 0;
            }
        }

        using var cmd = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM kos.migrations", c);
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Brings the schema to <see cref="Latest"/>, one migration per transaction.</summary>
    public static void Migrate(NpgsqlConnection c, string where)
    {
        var current = Current(c);
        if (current > Latest)
        {
            throw KosException.Environment($"The store {where} has schema version {current}, newer than this kos understands ({Latest}). Upgrade kos.");
        }

        if (current == Latest)
        {
            return;
        }

        try
        {
            using var tx = c.BeginTransaction();
            Exec(c, $"SELECT pg_advisory_xact_lock({MigrationLock})");
            Exec(c, "CREATE SCHEMA IF NOT EXISTS kos; CREATE TABLE IF NOT EXISTS kos.migrations (version int PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now(), by_role text NOT NULL DEFAULT current_user)");
            for (var v = Current(c) + 1; v <= Latest; v++)
            {
                Exec(c, Migrations[v - 1]);
                Exec(c, $"INSERT INTO kos.migrations (version) VALUES ({v})");
            }

            tx.Commit();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege)
        {
            throw KosException.Environment(
                $"The store {where} needs its schema created or migrated (version {current} → {Latest}), and this role may not: {e.MessageText}. " +
                "Run 'kos init' once with KOS_STORE naming the role that owns the database (the migration owner), then again as this role.");
        }
    }

    internal static void Exec(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }
}
