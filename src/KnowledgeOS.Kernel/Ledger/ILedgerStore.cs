namespace KnowledgeOS.Ledger;

/// <summary>
/// The ledger as kernel code sees it: the append-only, hash-chained event log plus the projections
/// kept in step with it. <see cref="LedgerStore"/> builds and verifies the chain over any
/// <see cref="IStoreEngine"/> (SQLite embedded by default, PostgreSQL for a team); open one through
/// <see cref="StoreFactory"/>.
/// </summary>
public interface ILedgerStore : ILedgerReader, IDisposable
{
    /// <summary>
    /// Runs <paramref name="work"/> in one serialised write transaction: every read it makes through
    /// its writer sees the latest committed state, and its appends and projection updates commit
    /// together or not at all. Read through the writer, never through the store, inside it.
    /// </summary>
    T Write<T>(Func<ILedgerWriter, T> work);

    /// <summary>Where the ledger lives, for messages (never a password).</summary>
    string Location { get; }
}

/// <summary>Reads of the projections and the event log.</summary>
public interface ILedgerReader : IStoreReader
{
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

    /// <summary>
    /// Seals an archive in this transaction (<see cref="IArchiveTransaction.Seal"/>): the one way events leave
    /// the live ledger, after their archive file is written, synced and verified (<c>kos ledger archive</c>).
    /// </summary>
    void SealArchive(Archive.ArchiveEntry entry, IReadOnlyCollection<long> keep) =>
        throw KosException.Refused($"This ledger ({GetType().Name}) cannot archive events.");
}

public sealed record TaskRow(string Id, string Phase, string Title, string? Session, string Updated);

/// <summary>The result of a chain walk. <see cref="FirstBadSeq"/> is null when the chain is intact.</summary>
public sealed record ChainReport(long Count, string HeadHash, long? FirstBadSeq, string? Problem)
{
    public bool Ok => FirstBadSeq is null;
}
