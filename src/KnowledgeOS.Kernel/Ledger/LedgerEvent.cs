namespace KnowledgeOS.Ledger;

/// <summary>One stored event. <see cref="Payload"/> is canonical JSON text, hashed as stored.</summary>
public sealed record LedgerEvent(
    long Seq,
    string Id,
    string Time,
    string Type,
    string? Task,
    string Actor,
    string? Session,
    string Payload,
    string PrevHash,
    string Hash)
{
    public string ShortHash => Hash[..12];
}

/// <summary>An event about to be appended; the store assigns seq, id, time and the hashes.</summary>
public sealed record NewEvent(string Type, string? Task, string Actor, string? Session, string Payload);
