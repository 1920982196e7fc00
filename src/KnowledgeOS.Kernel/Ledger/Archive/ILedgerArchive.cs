using KnowledgeOS.Ledger.Archive;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Ledger.Archive;

/// <summary><c>kernel.Archive</c>: ledger archival (<c>kos ledger archive</c>) and verifying the archives.</summary>
public interface ILedgerArchive
{
    /// <summary>Where the SQLite ledger's archive files live: <c>archive/</c> beside the ledger file (<c>.agent-os/state/archive/</c>).</summary>
    string Folder { get; }

    /// <summary>
    /// Seals the live events older than <paramref name="before"/> into one archive file and removes them from the live ledger.
    /// Crash-safe: the file is written under a temporary name, synced, read back and re-hashed, renamed and its folder
    /// synced; only then, in one write transaction, is it recorded (a <c>ledger.archived</c> event and an <c>archives</c>
    /// row) and are its events deleted. A crash before that commit leaves every event in the ledger (and at most a file
    /// no row names, which the next run removes); after it, the archive is complete and recorded.
    /// Never archived: events at or after the postflight checkpoint or the last anchored head (incremental checks start
    /// there), nor any event of a task that is not done or abandoned (the lifecycle gate and context packs replay them).
    /// Copies of event 1 and of each closed task's anchor event are kept in the ledger (identity, task records).
    /// </summary>
    ArchiveOutcome ArchiveBefore(DateTimeOffset before);

    /// <summary>Gives the pages archival freed back to the file system (the ledger file's bytes before and after).</summary>
    (long Before, long After) Vacuum();


    /// <summary>
    /// Reads every recorded archive file through: it must exist, hold exactly the events its row records (range, link to
    /// the archive before, first and last hashes, byte-identical SHA-256), every event re-hashed as the live chain is, and
    /// each archive's <c>ledger.archived</c> event (live, or inside a later archive) must say the same. The live chain's
    /// link to the last archive is checked by <see cref="ILedgerReader.Verify"/>.
    /// </summary>
    ArchiveVerification Verify(Action<LedgerEvent>? each = null);

    /// <summary>
    /// The archived events (optionally one task's), oldest first, read from the archive files with every hash checked;
    /// an archive that does not verify is an error, never shown as history.
    /// </summary>
    IReadOnlyList<LedgerEvent> ArchivedEvents(string? task = null);
}
