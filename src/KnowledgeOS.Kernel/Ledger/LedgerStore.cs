using System.Globalization;

namespace KnowledgeOS.Ledger;

/// <summary>
/// The ledger over any engine: builds each appended event's seq, id, time, prev_hash and hash
/// inside the engine's write transaction, and verifies the chain by re-hashing what the engine
/// returns. The chain is the kernel's, so SQLite and PostgreSQL hold byte-identical events.
/// </summary>
public sealed class LedgerStore(IStoreEngine engine, TimeProvider clock) : ILedgerStore
{
    private readonly EventHasher _hasher = new();
    private bool _writing;

    /// <summary>The engine underneath (for store-to-store copies and tests).</summary>
    public IStoreEngine Engine => engine;

    public string Location => engine.Location;

    public T Write<T>(Func<ILedgerWriter, T> work)
    {
        if (_writing)
        {
            throw new InvalidOperationException("Write transactions do not nest.");
        }

        _writing = true;
        try
        {
            return engine.Transact(tx => work(new Writer(this, tx)));
        }
        finally
        {
            _writing = false;
        }
    }

    public ChainReport Verify() => ChainVerifier.Verify(Outside(engine));

    /// <summary>The engine's own storage check (damaged pages); empty when sound.</summary>
    public IReadOnlyList<string> IntegrityCheck() => Outside(engine).IntegrityCheck();

    /// <summary>
    /// The engine for a read outside any write. Inside a write, kernel code reads through the
    /// writer: on a server store a read beside the transaction would not see its own writes.
    /// </summary>
    private IStoreEngine Outside(IStoreEngine e) => _writing
        ? throw new InvalidOperationException("Inside Write(...), read through the writer, not the store.")
        : e;

    /// <summary>The next event after <paramref name="head"/>: the one place an event's hash is made.</summary>
    private LedgerEvent Next((long Seq, string Hash) head, NewEvent e)
    {
        var seq = head.Seq + 1;
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        var time = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var hash = _hasher.Hash(seq, id, time, e.Type, e.Task, e.Actor, e.Session, e.Payload, head.Hash);
        return new LedgerEvent(seq, id, time, e.Type, e.Task, e.Actor, e.Session, e.Payload, head.Hash, hash);
    }

    public string? GetTaskJson(string id) => Outside(engine).GetTaskJson(id);

    public IReadOnlyList<TaskRow> ListTasks() => Outside(engine).ListTasks();

    public IReadOnlyList<TaskRow> TasksOfSession(string session) => Outside(engine).TasksOfSession(session);

    public string? GetRecord(string kind, string key) => Outside(engine).GetRecord(kind, key);

    public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null) => Outside(engine).ListRecords(kind, task);

    public LedgerEvent? Head() => Outside(engine).Head();

    public LedgerEvent? GetEvent(long seq) => Outside(engine).GetEvent(seq);

    public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix) => Outside(engine).FindByHashPrefix(prefix);

    public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0) => Outside(engine).Events(task, afterSeq);

    public void Dispose() => engine.Dispose();

    /// <summary>The ledger seen from inside one write transaction: every read goes through it.</summary>
    private sealed class Writer(LedgerStore store, IStoreTransaction tx) : ILedgerWriter
    {
        private (long Seq, string Hash)? _head;

        public LedgerEvent Append(NewEvent e)
        {
            _head ??= tx.Head() is { } h ? (h.Seq, h.Hash) : (0, EventHasher.Genesis);
            var next = store.Next(_head.Value, e);
            tx.Insert(next);
            _head = (next.Seq, next.Hash);
            return next;
        }

        public void PutTask(string id, string phase, string title, string? session, string updated, string json) =>
            tx.PutTask(id, phase, title, session, updated, json);

        public void PutRecord(string kind, string key, string? task, string value) => tx.PutRecord(kind, key, task, value);

        public void DeleteRecord(string kind, string key) => tx.DeleteRecord(kind, key);

        public string? GetTaskJson(string id) => tx.GetTaskJson(id);

        public IReadOnlyList<TaskRow> ListTasks() => tx.ListTasks();

        public IReadOnlyList<TaskRow> TasksOfSession(string session) => tx.TasksOfSession(session);

        public string? GetRecord(string kind, string key) => tx.GetRecord(kind, key);

        public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null) => tx.ListRecords(kind, task);

        public LedgerEvent? Head() => tx.Head();

        public LedgerEvent? GetEvent(long seq) => tx.GetEvent(seq);

        public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix) => tx.FindByHashPrefix(prefix);

        public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0) => tx.Events(task, afterSeq);

        public ChainReport Verify() => ChainVerifier.Verify(store.Engine);
    }
}
