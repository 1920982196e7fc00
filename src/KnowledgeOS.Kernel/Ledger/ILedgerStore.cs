namespace KnowledgeOS.Ledger;

/// <summary>
/// The operational store: the append-only event ledger plus the projections kept in step with it.
/// SQLite is the embedded default; a team store implements the same contract.
/// </summary>
public interface ILedgerStore : ILedgerReader, IDisposable
{
    /// <summary>
    /// Runs <paramref name="work"/> in one serialised write transaction: every read it makes sees
    /// the latest committed state, and its appends and projection updates commit together or not at all.
    /// </summary>
    T Write<T>(Func<ILedgerWriter, T> work);
}

/// <summary>Reads of the projections and the event log.</summary>
public interface ILedgerReader
{
    string? GetTaskJson(string id);

    /// <summary>Every task row: id, phase, title, session, updated time.</summary>
    IReadOnlyList<TaskRow> ListTasks();

    /// <summary>The task rows whose claim <paramref name="session"/> holds (an indexed lookup: hooks ask on every call).</summary>
    IReadOnlyList<TaskRow> TasksOfSession(string session) => ListTasks().Where(t => t.Session == session).ToList();

    string? GetRecord(string kind, string key);

    IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null);

    LedgerEvent? Head();

    LedgerEvent? GetEvent(long seq);

    IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix);

    /// <summary>Events in seq order, optionally only one task's.</summary>
    IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0);

    /// <summary>Walks the whole chain and reports the first event whose hash or link is wrong.</summary>
    ChainReport Verify();
}

/// <summary>What a transaction may do: read current state, append events, update projections.</summary>
public interface ILedgerWriter : ILedgerReader
{
    LedgerEvent Append(NewEvent e);

    void PutTask(string id, string phase, string title, string? session, string updated, string json);

    void PutRecord(string kind, string key, string? task, string value);

    /// <summary>Removes one projection record (projections are derived state; events are never deleted).</summary>
    void DeleteRecord(string kind, string key);
}

public sealed record TaskRow(string Id, string Phase, string Title, string? Session, string Updated);

/// <summary>The result of a chain walk. <see cref="FirstBadSeq"/> is null when the chain is intact.</summary>
public sealed record ChainReport(long Count, string HeadHash, long? FirstBadSeq, string? Problem)
{
    public bool Ok => FirstBadSeq is null;
}
