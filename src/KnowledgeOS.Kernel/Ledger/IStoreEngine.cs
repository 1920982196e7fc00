namespace KnowledgeOS.Ledger;

/// <summary>
/// What a storage engine must provide for the ledger: rows in, rows out, one serialised write
/// transaction at a time. It knows nothing of hashing: <see cref="LedgerStore"/> builds every event's
/// seq, prev_hash and hash and verifies the chain, so every engine stores byte-identical chains.
/// Every engine passes the contract suite (<c>LedgerStoreContractTests</c>).
/// </summary>
public interface IStoreEngine : IStoreReader, IDisposable
{
    /// <summary>Where the data lives, for messages: a file path or a URI without its password.</summary>
    string Location { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction that holds the ledger's write lock from its
    /// start (so the head it reads cannot move under it), committing when it returns and rolling
    /// back when it throws. Transactions do not nest.
    /// </summary>
    T Transact<T>(Func<IStoreTransaction, T> work);

    /// <summary>Feeds every event, in seq order, to <paramref name="sink"/> until it returns false.</summary>
    void ScanChain(IChainSink sink);

    /// <summary>
    /// The engine's own check of its storage (SQLite: its pages, and every index against its table), with each task's events
    /// as its per-task lookup returns them, digested at <paramref name="tasksAt"/> so the caller can hold them to the chain.
    /// </summary>
    IntegrityReport IntegrityCheck(TaskEventDigest.Points tasksAt);

    /// <summary>Every projection record of every kind (for copying a ledger between stores).</summary>
    IReadOnlyList<StoredRecord> AllRecords();
}

public sealed record StoredRecord(string Kind, string Key, string? Task, string Value);

/// <summary>
/// What an engine's check of its storage found: its problems in words (none when sound), and each task's events as its own
/// per-task lookup (<see cref="LookupName"/>) returns them; null when that lookup was already checked against the rows, or
/// there is none.
/// </summary>
public sealed record IntegrityReport(IReadOnlyList<string> Problems, TaskEventDigest? TaskLookup = null, string LookupName = "");

/// <summary>Reads an engine serves, in or out of a transaction.</summary>
public interface IStoreReader
{
    string? GetTaskJson(string id);

    /// <summary>Every task row: id, phase, title, session, updated time.</summary>
    IReadOnlyList<TaskRow> ListTasks();

    /// <summary>The task rows whose claim <paramref name="session"/> holds (an indexed lookup: hooks ask on every call).</summary>
    IReadOnlyList<TaskRow> TasksOfSession(string session);

    string? GetRecord(string kind, string key);

    IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null);

    LedgerEvent? Head();

    LedgerEvent? GetEvent(long seq);

    IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix);

    /// <summary>Events in seq order, optionally only one task's.</summary>
    IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0);

    /// <summary>The events of the given types after <paramref name="afterSeq"/>, in seq order (a replay reads only the types it folds).</summary>
    IEnumerable<LedgerEvent> EventsOfTypes(IReadOnlyCollection<string> types, long afterSeq = 0) => Events(afterSeq: afterSeq).Where(e => types.Contains(e.Type));

    /// <summary>The sealed archives, oldest first (<c>kos ledger archive</c>; only the SQLite ledger has any).</summary>
    IReadOnlyList<Archive.ArchiveEntry> Archives() => [];
}

/// <summary>One write transaction of an engine: the reads see its own writes.</summary>
public interface IStoreTransaction : IStoreReader
{
    /// <summary>Stores an event exactly as given; the engine refuses a seq or prev_hash already taken.</summary>
    void Insert(LedgerEvent e);

    void PutTask(string id, string phase, string title, string? session, string updated, string json);

    void PutRecord(string kind, string key, string? task, string value);

    /// <summary>Removes one projection record (projections are derived state; events are never deleted).</summary>
    void DeleteRecord(string kind, string key);
}

/// <summary>The write side of archival, in the engine's write transaction (SQLite).</summary>
public interface IArchiveTransaction
{
    /// <summary>
    /// Records <paramref name="entry"/>, keeps copies of the <paramref name="keep"/> events (by seq, inside the
    /// entry), and removes the entry's events from the live ledger; refuses when the live events are not the entry's.
    /// </summary>
    void Seal(Archive.ArchiveEntry entry, IReadOnlyCollection<long> keep);
}

/// <summary>An engine that can read stretches of its chain at once, each on a reader of its own (SQLite).</summary>
public interface IRangeScan
{
    /// <summary>False while the engine's own write transaction is open (other readers would not see its writes).</summary>
    bool RangesVisible { get; }

    /// <summary>
    /// The lowest and highest stored seq; null when there are none. Two probes of the key: no count, which would read every
    /// row (the stretches find any seq missing between them).
    /// </summary>
    (long Min, long Max)? Extent();

    /// <summary>
    /// Feeds the events with <paramref name="from"/> ≤ seq ≤ <paramref name="to"/> in order, as <see cref="IStoreEngine.ScanChain"/>
    /// does; the first one's prev_hash is the stored hash of seq <paramref name="from"/> − 1 (genesis before seq 1). Thread-safe.
    /// </summary>
    void ScanRange(long from, long to, IChainSink sink);
}

/// <summary>Receives stored events as raw UTF-8 column bytes during a chain scan.</summary>
public interface IChainSink
{
    /// <summary>One event's stored columns and its stored hash; returns false to stop the scan.</summary>
    bool Add(scoped EventFields fields, ReadOnlySpan<byte> hash);
}
