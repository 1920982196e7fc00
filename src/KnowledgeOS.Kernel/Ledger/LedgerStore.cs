
namespace KnowledgeOS.Ledger;

/// <summary>
/// The ledger over any engine: builds each appended event's seq, id, time, prev_hash and hash
/// inside the engine's write transaction, and verifies the chain by re-hashing what the engine
/// returns. The chain is the kernel's, so SQLite and PostgreSQL hold byte-identical events.
/// </summary>
public sealed class LedgerStore(IStoreEngine engine, TimeProvider clock) : ILedgerStore
{
    private readonly EventHasher _hasher = new();
    private IStoreTransaction? _tx;

    /// <summary>The engine underneath (for store-to-store copies and tests).</summary>
    public IStoreEngine Engine => engine;

    public string Location => engine.Location;

    public T Write<T>(Func<ILedgerWriter, T> work)
    {
        if (_tx is not null)
        {
            throw new InvalidOperationException("Write transactions do not nest.");
        }

        try
        {
            return engine.Transact(tx =>
            {
                _tx = tx;
                return work(new Writer(this, tx));
            });
        }
        finally
        {
            _tx = null;
        }
    }

    public ChainReport Verify() => ChainVerifier.Verify(engine);

    /// <summary>
    /// The whole check <c>trace verify</c> makes: the chain, and beside it (on the same cores where the engine reads the chain on
    /// connections of its own, see <see cref="ChainVerifier.Verify(IStoreEngine, IReadOnlyList{Action}, TaskEventDigest)"/>)
    /// the engine's check of its storage and <paramref name="alongside"/> (reads of this store). The engine's per-task lookup must return each task's
    /// events exactly as the chain holds them: a forged index could otherwise hide events from a task's record while every
    /// hash still holds. <c>Storage</c> is empty when the storage is sound.
    /// </summary>
    public (ChainReport Chain, IReadOnlyList<string> Storage) VerifyWithStorage(IReadOnlyList<Action> alongside)
    {
        var chainTasks = new TaskEventDigest(TaskEventDigest.Points.Draw());
        var storage = new IntegrityReport([]);
        var chain = ChainVerifier.Verify(engine, [() => storage = engine.IntegrityCheck(chainTasks.At), .. alongside], chainTasks);
        if (chain.Ok && storage.TaskLookup is { } lookup && chainTasks.FirstDifference(lookup, "the chain", storage.LookupName) is { } differs)
        {
            return (chain, [.. storage.Problems, differs]);
        }

        return (chain, storage.Problems);
    }

    /// <summary>
    /// Where a read goes: inside a write, through its transaction (on a server store a read beside the
    /// transaction would not see its own writes, and would wait on its locks), else to the engine.
    /// Kernel code should read through the writer it holds; a read through the store is still correct.
    /// </summary>
    private IStoreReader Reader => (IStoreReader?)_tx ?? engine;

    /// <summary>The next event after <paramref name="head"/>: the one place an event's hash is made.</summary>
    private LedgerEvent Next((long Seq, string Hash) head, NewEvent e)
    {
        var seq = head.Seq + 1;
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        var time = LedgerTime.Stamp(now);
        var hash = _hasher.Hash(seq, id, time, e.Type, e.Task, e.Actor, e.Session, e.Payload, head.Hash);
        return new LedgerEvent(seq, id, time, e.Type, e.Task, e.Actor, e.Session, e.Payload, head.Hash, hash);
    }

    public string? GetTaskJson(string id) => Reader.GetTaskJson(id);

    public IReadOnlyList<TaskRow> ListTasks() => Reader.ListTasks();

    public IReadOnlyList<TaskRow> TasksOfSession(string session) => Reader.TasksOfSession(session);

    public string? GetRecord(string kind, string key) => Reader.GetRecord(kind, key);

    public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null) => Reader.ListRecords(kind, task);

    public LedgerEvent? Head() => Reader.Head();

    public LedgerEvent? GetEvent(long seq) => Reader.GetEvent(seq);

    public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix) => Reader.FindByHashPrefix(prefix);

    public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0) => Reader.Events(task, afterSeq);

    public IEnumerable<LedgerEvent> EventsOfTypes(IReadOnlyCollection<string> types, long afterSeq = 0) => Reader.EventsOfTypes(types, afterSeq);

    public IReadOnlyList<Archive.ArchiveEntry> Archives() => Reader.Archives();

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

        public void SealArchive(Archive.ArchiveEntry entry, IReadOnlyCollection<long> keep)
        {
            if (tx is not IArchiveTransaction archiving)
            {
                throw KosException.Refused($"The ledger at {store.Location} cannot archive events: only the embedded SQLite ledger can.");
            }

            archiving.Seal(entry, keep);
            _head = null;
        }

        public string? GetTaskJson(string id) => tx.GetTaskJson(id);

        public IReadOnlyList<TaskRow> ListTasks() => tx.ListTasks();

        public IReadOnlyList<TaskRow> TasksOfSession(string session) => tx.TasksOfSession(session);

        public string? GetRecord(string kind, string key) => tx.GetRecord(kind, key);

        public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null) => tx.ListRecords(kind, task);

        public LedgerEvent? Head() => tx.Head();

        public LedgerEvent? GetEvent(long seq) => tx.GetEvent(seq);

        public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix) => tx.FindByHashPrefix(prefix);

        public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0) => tx.Events(task, afterSeq);

        public IEnumerable<LedgerEvent> EventsOfTypes(IReadOnlyCollection<string> types, long afterSeq = 0) => tx.EventsOfTypes(types, afterSeq);

        public IReadOnlyList<Archive.ArchiveEntry> Archives() => tx.Archives();

        public ChainReport Verify() => ChainVerifier.Verify(store.Engine);
    }
}
