using KnowledgeOS.Ledger;

namespace KnowledgeOS.Postflight;

/// <summary>How much of the chain a postflight re-verified.</summary>
public sealed record ChainCheck(string Mode, long Events, long? SinceSeq, long? AuditFrom, long? AuditTo)
{
    public override string ToString() => Mode == "full"
        ? $"chain: all {Events} events re-verified"
        : $"chain: {Events} events after checkpoint {SinceSeq} re-verified, and events {AuditFrom}..{AuditTo} audited; 'kos postflight --full' re-verifies all";
}

/// <summary>When postflight may verify only part of the chain: ledgers of at most <see cref="FullBelow"/> events are verified whole; otherwise <see cref="AuditEvents"/> older events are re-hashed beside the new ones.</summary>
public sealed record ChainPolicy(long FullBelow = 100_000, long AuditEvents = 20_000)
{
    public static ChainPolicy Default { get; } = new();
}

/// <summary>
/// The ledger part of postflight. With a checkpoint from an earlier clean postflight that is anchored
/// outside the ledger and whose event still has the recorded hash, only the events after it are verified, plus an audit of a random stretch of
/// older events (so repeated runs keep re-hashing history); a small ledger (<see cref="ChainPolicy"/>), a missing or contradicted checkpoint, or <c>--full</c> verifies the whole chain.
/// </summary>
internal static class ChainChecks
{
    public static (ChainReport Report, ChainCheck Check) Run(PostflightContext c, bool full, ChainPolicy policy)
    {
        var store = c.Kernel.Store;
        var head = store.Head();
        PostflightCheckpoint? cp = null;
        if (!full && head is not null && head.Seq > policy.FullBelow)
        {
            // Only a checkpoint anchored outside the ledger counts: one edited inside it cannot skip a forged event.
            (cp, var why) = PostflightCheckpoint.Anchored(c.Kernel.Project, store);
            if (cp is null && PostflightCheckpoint.Read(store) is not null)
            {
                c.Notes.Add($"{why}; the whole chain was re-verified");
            }
        }

        if (cp is null)
        {
            var all = store.Verify();
            return (all, new ChainCheck("full", all.Count, null, null, null));
        }

        var since = ChainWindow.Verify(store, cp.Seq, cp.Hash);
        if (!since.Ok)
        {
            return (since, new ChainCheck("incremental", since.Count - cp.Seq, cp.Seq, null, null));
        }

        // The audit stretch lies in the live chain: after the last archive (kos ledger archive), whose hash it starts from.
        var archived = store.Archives() is [.., var last] ? (last.LastSeq, last.LastHash) : (0L, EventHasher.Genesis);
        var from = archived.Item1 + Random.Shared.NextInt64(0, Math.Max(1, cp.Seq - policy.AuditEvents - archived.Item1));
        var start = from == archived.Item1 ? archived.Item2 : store.GetEvent(from)?.Hash ?? "";
        var audit = ChainWindow.Verify(store, from, start, Math.Min(cp.Seq, from + policy.AuditEvents));
        var check = new ChainCheck("incremental", since.Count - cp.Seq, cp.Seq, from + 1, audit.Count);
        c.CheckpointFold = audit.Ok ? PostflightCheckpoint.AnchoredFold(c.Kernel.Project) : null;
        return (audit.Ok ? since : audit, check);
    }
}
