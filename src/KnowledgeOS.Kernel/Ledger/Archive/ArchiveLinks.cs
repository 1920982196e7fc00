namespace KnowledgeOS.Ledger.Archive;

/// <summary>
/// The archives a ledger records must follow on from each other: the first starts at event 1 from the genesis
/// hash, each next one starts after the last and links to its last hash, and each holds as many events as its
/// seq range. Checked by every <c>trace verify</c> (the rows only; <c>--all</c> reads the files).
/// </summary>
public static class ArchiveLinks
{
    /// <summary>A broken-chain report at the first archive that does not follow on, or null.</summary>
    public static ChainReport? Check(IReadOnlyList<ArchiveEntry> archives)
    {
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
}
