namespace KnowledgeOS.Ledger;

/// <summary>What a copy moved, and the chain it verified on both sides.</summary>
public sealed record StoreCopyReport(string From, string To, long Events, int Tasks, int Records, string HeadHash);

/// <summary>
/// Copies a whole ledger between stores, byte for byte: the events keep their seq, ids, times and
/// hashes, so the copy verifies to the same head. The source chain is verified first, the target
/// must be empty, and the target chain is verified after.
/// </summary>
public static class StoreCopy
{
    /// <summary>A ledger whose oldest events are archived (<c>kos ledger archive</c>) is not copied: the copy would start without them.</summary>
    public static void RefuseArchived(LedgerStore from)
    {
        if (from.Archives() is [var oldest, ..] archived)
        {
            throw KosException.Refused(
                $"The ledger in {from.Location} has archived events {oldest.FirstSeq}..{archived[^1].LastSeq} (kos ledger archive), and a copy would start without them; " +
                "kos copies only a whole chain. Nothing was copied.");
        }
    }

    public static StoreCopyReport Copy(LedgerStore from, LedgerStore to)
    {
        RefuseArchived(from);

        var before = from.Verify();
        if (!before.Ok)
        {
            throw KosException.Refused(
                $"The ledger in {from.Location} is broken at seq {before.FirstBadSeq} ({before.Problem}); kos copies only a chain that verifies.");
        }

        if (to.Head() is { } existing)
        {
            throw KosException.Refused(
                $"{to.Location} already holds {existing.Seq} events for this project; kos copies only into an empty ledger.");
        }

        var tasks = from.ListTasks();
        var records = from.Engine.AllRecords();
        to.Engine.Transact(tx =>
        {
            foreach (var e in from.Events())
            {
                tx.Insert(e);
            }

            foreach (var t in tasks)
            {
                tx.PutTask(t.Id, t.Phase, t.Title, t.Session, t.Updated, from.GetTaskJson(t.Id)!);
            }

            foreach (var r in records)
            {
                tx.PutRecord(r.Kind, r.Key, r.Task, r.Value);
            }

            return 0;
        });

        var after = to.Verify();
        if (!after.Ok || after.Count != before.Count || after.HeadHash != before.HeadHash)
        {
            throw KosException.Environment(
                $"The copy in {to.Location} does not verify to the source's head ({after.Count} events, head {after.HeadHash[..12]}, " +
                $"problem: {after.Problem ?? "none"}; expected {before.Count}, head {before.HeadHash[..12]}).");
        }

        return new StoreCopyReport(from.Location, to.Location, after.Count, tasks.Count, records.Count, after.HeadHash);
    }
}
