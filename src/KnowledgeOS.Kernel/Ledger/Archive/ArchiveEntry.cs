namespace KnowledgeOS.Ledger.Archive;

/// <summary>
/// One sealed archive as the ledger records it (SQLite's <c>archives</c> table, and the <c>ledger.archived</c>
/// event appended when it was sealed): events <see cref="FirstSeq"/>..<see cref="LastSeq"/>, the hash the first
/// links to, the first and last hashes, and the file (name under <c>.agent-os/state/archive/</c>, SHA-256, size).
/// The first live event after it links to <see cref="LastHash"/>; <see cref="RecordedSeq"/> is its <c>ledger.archived</c> event.
/// </summary>
public sealed record ArchiveEntry(
    long FirstSeq,
    long LastSeq,
    string PrevHash,
    string FirstId,
    string FirstHash,
    string LastHash,
    long Events,
    string File,
    string Sha256,
    long Bytes,
    string Sealed,
    long RecordedSeq);
