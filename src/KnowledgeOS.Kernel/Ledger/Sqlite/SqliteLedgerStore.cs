using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>
/// The embedded ledger: one SQLite file in WAL mode. Writers serialise on <c>BEGIN IMMEDIATE</c>,
/// so concurrent hook processes never fork the chain; a crash mid-append rolls the half-written
/// event back. The file is never deleted or rewritten by kos.
/// </summary>
internal sealed partial class SqliteLedgerStore : IStoreEngine, IRangeScan
{
    /// <summary>'KOS1' in the SQLite header's application_id field: tells our file from a foreign one.</summary>
    internal const int ApplicationId = 0x4B4F5331;
    internal const int SchemaVersion = 4;

    private readonly SqliteConnection _connection;

    private SqliteLedgerStore(SqliteConnection connection) => _connection = connection;

    public string Path => _connection.DataSource;

    public string Location => _connection.DataSource;

    /// <summary>
    /// The most events a hook upgrades an older ledger's format for (a few seconds' work): an agent waits on a hook, and its
    /// watchdog ends it long before a big ledger's upgrade (about 40 s per million events) could commit, so every call would
    /// start it again and be refused. A bigger ledger is upgraded by any kos command run once; until then hooks say so.
    /// </summary>
    public const long HookUpgradeLimit = 50_000;

    /// <summary>
    /// Opens an existing ledger, refusing files that are not kos ledgers. An older format is upgraded in place, unless it holds
    /// more than <paramref name="upgradeLimit"/> events: then opening fails and says how to upgrade it.
    /// </summary>
    public static SqliteLedgerStore Open(string path, long? upgradeLimit = null)
    {
        if (!File.Exists(path))
        {
            throw KosException.Environment($"No ledger at {path}. Run 'kos init' in the repository first.");
        }

        var connection = Connect(path, SqliteOpenMode.ReadWrite);
        var store = new SqliteLedgerStore(connection);
        try
        {
            CheckIdentity(connection, path);
            Configure(connection);
            store.Upgraded = store.Upgrade(upgradeLimit);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>The format upgrade opening this ledger made, if it needed one.</summary>
    public LedgerUpgrade? Upgraded { get; private set; }

    /// <summary>Creates a new ledger; an existing file is opened (and checked) instead.</summary>
    public static SqliteLedgerStore OpenOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Open(path);
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            Exec(connection, "PRAGMA journal_mode=WAL;");
            Configure(connection);
            CreateSchema(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SqliteLedgerStore(connection);
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        var connection = new SqliteConnection(cs);
        try
        {
            connection.Open();
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw KosException.Environment($"Cannot open the ledger {path}: {e.Message}", e);
        }

        return connection;
    }

    /// <summary>SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE from sqlite3.h.</summary>
    private const int NoCheckpointOnClose = 1006;

    private static void Configure(SqliteConnection connection)
    {
        Exec(connection, "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;");

        // Hooks open the ledger, append one event and exit, many times a minute. Checkpointing on
        // every close would recreate, sync and delete the WAL each time (four fsyncs per event).
        // But every first connection re-reads the whole WAL to rebuild its index, and a checkpoint
        // by one process is forgotten by the next one's recovery; so Dispose checkpoints and
        // truncates the WAL once it passes WalLimit (see there), amortised over many hook calls.
        SQLitePCL.raw.sqlite3_db_config(connection.Handle!, NoCheckpointOnClose, 1, out _);

        // kos's schema has no triggers and calls no functions. A trigger written into the file (by anyone who can write it)
        // would otherwise run inside kos's own appends: one that deletes or ignores each new event makes events vanish
        // while the chain still links (the next event takes the lost one's seq). On kos's connections none runs, and
        // nothing the file's schema names is called; trace verify reports any trigger it finds.
        if (SQLitePCL.raw.sqlite3_db_config(connection.Handle!, EnableTrigger, 0, out var triggers) != SQLitePCL.raw.SQLITE_OK || triggers != 0 ||
            SQLitePCL.raw.sqlite3_db_config(connection.Handle!, TrustedSchema, 0, out var trusted) != SQLitePCL.raw.SQLITE_OK || trusted != 0)
        {
            throw KosException.Environment("This SQLite library cannot turn off triggers for kos's connection, so kos cannot rule out a trigger " +
                                           "changing its appends; kos refuses to write. Use the SQLite kos ships with.");
        }
    }

    private const int EnableTrigger = 1003; // SQLITE_DBCONFIG_ENABLE_TRIGGER
    private const int TrustedSchema = 1017; // SQLITE_DBCONFIG_TRUSTED_SCHEMA

    private static void CheckIdentity(SqliteConnection connection, string path)
    {
        long appId;
        try
        {
            appId = Scalar(connection, "PRAGMA application_id;");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            throw KosException.Environment(
                $"The ledger {path} is damaged or not a SQLite database ({e.Message.TrimEnd('.')}). kos has not modified it. " +
                "Move it aside and restore it from a backup, or move it aside and run 'kos init --new-ledger' to start a new ledger.", e);
        }

        if (appId != ApplicationId)
        {
            throw KosException.Environment(
                $"{path} is a SQLite database but not a KnowledgeOS ledger (application_id {appId}). kos has not modified it. " +
                "Move it aside, then run 'kos init' to create a ledger.");
        }

        var version = Scalar(connection, "PRAGMA user_version;");
        if (version > SchemaVersion)
        {
            throw KosException.Environment(
                $"The ledger {path} has schema version {version}, newer than this kos understands ({SchemaVersion}). Upgrade kos.");
        }
    }

    internal static long Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static void Exec(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Above this WAL size, closing the store checkpoints and truncates it (amortised over many hook calls).</summary>
    private const long WalLimit = 512 * 1024;

    public void Dispose()
    {
        try
        {
            var wal = new FileInfo(_connection.DataSource + "-wal");
            if (wal.Exists && wal.Length > WalLimit)
            {
                // Never wait here: if another process is reading or writing, a later close does it.
                Exec(_connection, "PRAGMA busy_timeout=0; PRAGMA wal_checkpoint(TRUNCATE);");
            }
        }
        catch (SqliteException)
        {
        }
        finally
        {
            _codec.Dispose();
            _encoder?.Dispose();
            _connection.Dispose();
        }
    }
}
