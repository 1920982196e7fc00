using System.Text.Json;

namespace KnowledgeOS.Ledger.Archive;

/// <summary>
/// The archives a ledger records must follow on from each other: the first starts at event 1 from the genesis
/// hash, each next one starts after the last and links to its last hash, and each holds as many events as its
/// seq range. Checked by every <c>trace verify</c> (the rows only; <c>--all</c> reads the files).
/// </summary>
public static class ArchiveLinks
{
    /// <summary>
    /// A broken-chain report at the first archive that does not follow on, or whose <c>ledger.archived</c> event, when
    /// still live (<paramref name="live"/> reads it), says otherwise; null when they all link up.
    /// </summary>
    public static ChainReport? Check(IReadOnlyList<ArchiveEntry> archives, Func<long, LedgerEvent?>? live = null)
    {
        if (archives.Count > 0 && live is not null)
        {
            var last = archives[^1].LastSeq;
            foreach (var a in archives.Where(a => a.RecordedSeq > last))
            {
                if (live(a.RecordedSeq) is not { } e || !Records(e, a))
                {
                    return new ChainReport(last, archives[^1].LastHash, a.RecordedSeq,
                        $"the archives row for {a.File} differs from its ledger.archived event {a.RecordedSeq} (the row was edited, or added by hand)");
                }
            }
        }

        var (seq, hash) = (0L, EventHasher.Genesis);
        foreach (var a in archives)
        {
            var problem =
                a.FirstSeq != seq + 1 ? $"the archive {a.File} starts at event {a.FirstSeq}, but the one before it ends at {seq}" :
                a.PrevHash != hash ? $"the archive {a.File} does not link to event {seq} (its first event's prev_hash differs)" :
                a.LastSeq < a.FirstSeq || a.Events != a.LastSeq - a.FirstSeq + 1 ? $"the archive {a.File} records {a.Events} events for seqs {a.FirstSeq}..{a.LastSeq}" :
                null;
            if (problem is not null)
            {
                return new ChainReport(seq, hash, seq + 1, problem);
            }

            (seq, hash) = (a.LastSeq, a.LastHash);
        }

        return null;
    }

    /// <summary>Whether a <c>ledger.archived</c> event says what the archives row says.</summary>
    public static bool Records(LedgerEvent e, ArchiveEntry a)
    {
        if (e.Type != Events.EventCatalog.LedgerArchived.Name)
        {
            return false;
        }

        var p = JsonSerializer.Deserialize(e.Payload, Events.EventJson.Default.LedgerArchived);
        return p is not null && p.First == a.FirstSeq && p.Last == a.LastSeq && p.Events == a.Events && p.PrevHash == a.PrevHash
               && p.FirstHash == a.FirstHash && p.LastHash == a.LastHash && p.File == a.File && p.Sha256 == a.Sha256 && p.Bytes == a.Bytes;
    }
}
