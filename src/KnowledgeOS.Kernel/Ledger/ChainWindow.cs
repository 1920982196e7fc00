namespace KnowledgeOS.Ledger;

/// <summary>
/// Verifies a stretch of the chain through the reader's event API (any store): every event after
/// <c>afterSeq</c> up to <c>untilSeq</c> must follow on from the previous one (seq, prev_hash) and hash
/// to what it stores, starting from <c>afterHash</c>, the hash the event at <c>afterSeq</c> is known to have.
/// </summary>
public static class ChainWindow
{
    public static ChainReport Verify(ILedgerReader r, long afterSeq, string afterHash, long untilSeq = long.MaxValue)
    {
        var hasher = new EventHasher(bulk: true);
        var head = afterHash;
        var expected = afterSeq + 1;
        foreach (var e in r.Events(afterSeq: afterSeq))
        {
            if (e.Seq > untilSeq)
            {
                break;
            }

            if (e.Seq != expected)
            {
                return Broken(expected, head, $"event {expected} is missing (next stored event is {e.Seq})");
            }

            if (e.PrevHash != head)
            {
                return Broken(e.Seq, head, $"event {e.Seq} does not link to event {e.Seq - 1} (prev_hash differs)");
            }

            if (hasher.Hash(e.Seq, e.Id, e.Time, e.Type, e.Task, e.Actor, e.Session, e.Payload, e.PrevHash) != e.Hash)
            {
                return Broken(e.Seq, head, $"event {e.Seq} was altered: its content no longer hashes to its stored hash");
            }

            head = e.Hash;
            expected++;
        }

        return new ChainReport(expected - 1, head, null, null);
    }

    private static ChainReport Broken(long seq, string intactHead, string problem) => new(seq - 1, intactHead, seq, problem);
}
