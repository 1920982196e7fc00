using System.Buffers.Binary;
using System.Data;
using System.Net.Sockets;
using System.Text;
using KnowledgeOS.Ledger;
using Npgsql;

namespace KnowledgeOS.Store.Postgres;

/// <summary>
/// The team ledger: one PostgreSQL database holds many projects (rows keyed by the project's key),
/// shared by every clone and machine. Writers serialise on a per-project advisory lock taken first
/// in the transaction; (project, seq) and (project, prev_hash) are unique besides, so the chain
/// cannot fork. A writer killed mid-append loses its connection and the server rolls it back.
/// </summary>
internal sealed partial class PostgresLedgerStore : IStoreEngine
{
    /// <summary>The pools of a process that keeps its connections warm (<see cref="StoreTarget.Warm"/>), by connection string.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, NpgsqlDataSource> Warm = new(StringComparer.Ordinal);

    /// <summary>Its own data source, disposed with it; null when it shares a warm pool.</summary>
    private readonly NpgsqlDataSource? _source;

    /// <summary>Where more connections come from (the stretches of a verification): its own data source or the warm pool.</summary>
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;
    private readonly string _project;
    private readonly long _lockKey;
    private readonly List<NpgsqlBatchCommand> _queued = [];
    private (LedgerEvent? Event, bool Known) _head;
    private bool _inTx;

    /// <summary>Whether the write transaction has begun on the server (its lock taken, its head read).</summary>
    private bool _begun;
    private bool _disposed;

    private PostgresLedgerStore(NpgsqlDataSource dataSource, bool own, NpgsqlConnection connection, string project, string location)
    {
        _dataSource = dataSource;
        _source = own ? dataSource : null;
        _connection = connection;
        _project = project;
        Location = location;
        // SHA-256 in managed code: the framework's would load OpenSSL into every hook process for one key.
        Span<byte> digest = stackalloc byte[32];
        ManagedSha256.Hash(Encoding.UTF8.GetBytes("kos-ledger:" + project), digest);
        _lockKey = BinaryPrimitives.ReadInt64BigEndian(digest);
    }

    public string Location { get; }

    public static PostgresLedgerStore Open(StoreTarget target)
    {
        var cs = PgConnectionString.Parse(target.Url, target.Env, target.Hook, pooled: target.Warm);
        var location = $"{cs.Display} (project {target.Project})";
        var source = target.Warm ? Warm.GetOrAdd(cs.Value, v => new NpgsqlSlimDataSourceBuilder(v).Build()) : new NpgsqlSlimDataSourceBuilder(cs.Value).Build();
        var shared = target.Warm;
        NpgsqlConnection connection;
        try
        {
            connection = source.OpenConnection();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or IOException)
        {
            if (!shared)
            {
                source.Dispose();
            }

            throw Unreachable(cs, e);
        }

        try
        {
            if (target.Create)
            {
                PgSchema.Migrate(connection, cs.Display);
                Register(connection, target.Project);
            }
            else
            {
                CheckReady(connection, cs, target.Project);
            }
        }
        catch
        {
            connection.Dispose();
            if (!shared)
            {
                source.Dispose();
            }

            throw;
        }

        return new PostgresLedgerStore(source, !shared, connection, target.Project, location);
    }

    /// <summary>What a user sees when the database cannot be reached: the host and the error, never the password.</summary>
    internal static KosException Unreachable(PgConnectionString cs, Exception e)
    {
        var reason = e switch
        {
            PostgresException pe => $"{pe.SqlState}: {pe.MessageText}",
            NpgsqlException { InnerException: { } inner } => inner.Message,
            _ => e.Message,
        };
        reason = reason.TrimEnd('.');
        return KosException.Environment(
            $"Cannot reach the PostgreSQL store at {cs.Host}:{cs.Port} (database {cs.Database}, user {cs.User}): {reason}. " +
            "Check that the server runs and the URL in KOS_STORE or [store] url is right; the password comes from the URL, PGPASSWORD or ~/.pgpass.", e);
    }

    private static void Register(NpgsqlConnection c, string project)
    {
        using var cmd = new NpgsqlCommand("INSERT INTO kos.projects (key) VALUES ($1) ON CONFLICT (key) DO NOTHING", c);
        cmd.Parameters.Add(Text(project));
        cmd.ExecuteNonQuery();
    }

    private static void CheckReady(NpgsqlConnection c, PgConnectionString cs, string project)
    {
        // One round trip on the hook path; a database without the schema answers 42P01.
        int version;
        bool registered;
        try
        {
            using var cmd = new NpgsqlCommand(
                "SELECT (SELECT coalesce(max(version), 0) FROM kos.migrations), EXISTS (SELECT 1 FROM kos.projects WHERE key = $1)", c);
            cmd.Parameters.Add(Text(project));
            using var r = cmd.ExecuteReader();
            r.Read();
            version = r.GetInt32(0);
            registered = r.GetBoolean(1);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            version = 0;
            registered = false;
        }

        if (version != PgSchema.Latest)
        {
            throw KosException.Environment(version > PgSchema.Latest
                ? $"The store {cs.Display} has schema version {version}, newer than this kos understands ({PgSchema.Latest}). Upgrade kos."
                : $"The store {cs.Display} has no kos schema (or an old one). Run 'kos init' to create or migrate it.");
        }

        if (!registered)
        {
            throw KosException.Environment($"The project {project} is not registered in the store {cs.Display}. Run 'kos init' in this repository.");
        }
    }

    internal static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    /// <summary>A read; inside a write transaction, after the writes it has queued (a read sees its own writes).</summary>
    private NpgsqlCommand Command(string sql)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureBegun();
        SendQueued();
        var cmd = new NpgsqlCommand(sql, _connection);
        cmd.Parameters.Add(Text(_project));
        return cmd;
    }

    /// <summary>A write inside the transaction, queued: it reaches the server with the next read or with the COMMIT.</summary>
    private NpgsqlBatchCommand Write(string sql)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_inTx)
        {
            throw new InvalidOperationException("Writes go through a write transaction.");
        }

        var cmd = new NpgsqlBatchCommand(sql);
        cmd.Parameters.Add(Text(_project));
        _queued.Add(cmd);
        return cmd;
    }

    private void SendQueued()
    {
        if (_queued.Count == 0)
        {
            return;
        }

        using var batch = new NpgsqlBatch(_connection);
        foreach (var c in _queued)
        {
            batch.BatchCommands.Add(c);
        }

        _queued.Clear();
        batch.ExecuteNonQuery();
    }

    /// <summary>
    /// Round trips per append, the lock held across as few as possible: one to begin, take the project's write lock and read
    /// the head (the kernel builds the next event from it), one to send the queued writes, commit and wait for the disk.
    /// The first is sent lazily, when the work first reads (the head, to chain an event, or anything else): what the work
    /// does before (serialising, scrubbing and canonicalising an event's payload) runs before the lock, not inside it.
    /// </summary>
    public T Transact<T>(Func<IStoreTransaction, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_inTx)
        {
            throw new InvalidOperationException("Write transactions do not nest.");
        }

        _inTx = true;
        try
        {
            var result = work(new Transaction(this));
            if (!_begun && _queued.Count == 0)
            {
                return result; // it neither read nor wrote: nothing to lock or commit
            }

            using (var commit = new NpgsqlBatch(_connection))
            {
                if (!_begun)
                {
                    AddBegin(commit); // writes without a read: lock, write and commit in one round trip
                }

                foreach (var c in _queued)
                {
                    commit.BatchCommands.Add(c);
                }

                _queued.Clear();
                commit.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                commit.BatchCommands.Add(Durability());
                _begun = true; // from here a failure leaves a transaction to roll back
                commit.ExecuteNonQuery();
            }

            return result;
        }
        catch
        {
            // Whether the work threw or a statement failed (the server then skipped the rest, COMMIT included).
            if (_begun)
            {
                Rollback();
            }

            throw;
        }
        finally
        {
            _queued.Clear();
            _head = default;
            _inTx = false;
            _begun = false;
        }
    }

    /// <summary>
    /// Inside a write transaction, before its first read: begins it on the server, takes the project's write lock and reads
    /// the head, in one round trip. Appends are serialised by the database: every read of the transaction, the head first,
    /// comes after the lock.
    /// </summary>
    private void EnsureBegun()
    {
        if (!_inTx || _begun)
        {
            return;
        }

        _begun = true;
        using var begin = new NpgsqlBatch(_connection);
        AddBegin(begin);
        var head = new NpgsqlBatchCommand($"SELECT {EventColumns} FROM kos.events WHERE project = $1 ORDER BY seq DESC LIMIT 1");
        head.Parameters.Add(Text(_project));
        begin.BatchCommands.Add(head);
        using var r = begin.ExecuteReader();
        LedgerEvent? last = null;
        do
        {
            if (r.FieldCount == EventColumnCount && r.Read())
            {
                last = ReadEvent(r);
            }
        }
        while (r.NextResult());

        _head = (last, true);
    }

    /// <summary>
    /// BEGIN and the project's write lock. The commit inside the lock does not wait for the disk (synchronous_commit off for
    /// this transaction only), so the next writer need not wait for this one's flush; the flush comes right after
    /// (<see cref="Durability"/>).
    /// </summary>
    private void AddBegin(NpgsqlBatch batch)
    {
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO off"));
        var take = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
        take.Parameters.Add(new NpgsqlParameter { Value = _lockKey, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        batch.BatchCommands.Add(take);
    }

    /// <summary>
    /// Ends a transaction that failed or was abandoned (outside one, the server only warns); a broken connection has already
    /// lost it on the server.
    /// </summary>
    private void Rollback()
    {
        if (_connection.State != ConnectionState.Open)
        {
            return;
        }

        try
        {
            using var rollback = new NpgsqlCommand("ROLLBACK", _connection);
            rollback.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            // The server rolls back a transaction whose connection is gone.
        }
    }

    /// <summary>
    /// Sent right after the COMMIT, in the same round trip: returns once the write just committed is on disk. A committed
    /// transaction that took a transaction ID flushes the write-ahead log up to its own commit record, and so every earlier
    /// commit with it: writers flush together, outside the lock. The log is sequential, so a crash before the flush loses a
    /// tail of the chain, never a middle.
    /// </summary>
    private static NpgsqlBatchCommand Durability() => new("SELECT pg_current_xact_id()");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CloseRangeConnections();
        _connection.Dispose(); // back to the warm pool, if it came from one
        _source?.Dispose();
    }

    /// <summary>The engine inside its write transaction (one connection, so reads see the writes).</summary>
    private sealed class Transaction(PostgresLedgerStore store) : IStoreTransaction
    {
        public void Insert(LedgerEvent e) => store.Insert(e);

        public void PutTask(string id, string phase, string title, string? session, string updated, string json) =>
            store.PutTask(id, phase, title, session, updated, json);

        public void PutRecord(string kind, string key, string? task, string value) => store.PutRecord(kind, key, task, value);

        public void DeleteRecord(string kind, string key) => store.DeleteRecord(kind, key);

        public string? GetTaskJson(string id) => store.GetTaskJson(id);

        public IReadOnlyList<TaskRow> ListTasks() => store.ListTasks();

        public IReadOnlyList<TaskRow> TasksOfSession(string session) => store.TasksOfSession(session);

        public string? GetRecord(string kind, string key) => store.GetRecord(kind, key);

        public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null) => store.ListRecords(kind, task);

        public LedgerEvent? Head() => store.Head();

        public LedgerEvent? GetEvent(long seq) => store.GetEvent(seq);

        public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix) => store.FindByHashPrefix(prefix);

        public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0) => store.Events(task, afterSeq);

        public IEnumerable<LedgerEvent> EventsOfTypes(IReadOnlyCollection<string> types, long afterSeq = 0) => store.EventsOfTypes(types, afterSeq);
    }
}
