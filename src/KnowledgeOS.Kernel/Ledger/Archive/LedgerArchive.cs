using System.Globalization;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Ledger.Sqlite;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Ledger.Archive;

/// <summary>What <c>kos ledger archive</c> did: the archive sealed (null when nothing was old enough), and why it stopped where it did.</summary>
public sealed record ArchiveOutcome(ArchiveEntry? Sealed, LedgerEvent? Recorded, IReadOnlyList<string> Notes);

/// <summary>The <see cref="ILedgerArchive"/> service, created once per kernel.</summary>
internal sealed partial class LedgerArchive(Kernel kernel) : ILedgerArchive
{
    /// <summary>Where the SQLite ledger's archive files live: <c>archive/</c> beside the ledger file (<c>.agent-os/state/archive/</c>).</summary>
    public string Folder => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(kernel.Store.Location))!, "archive");

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
    public ArchiveOutcome ArchiveBefore(DateTimeOffset before)
    {
        if (kernel.Store is not LedgerStore { Engine: SqliteLedgerStore })
        {
            throw KosException.Refused(
                $"kos ledger archive works on the embedded SQLite ledger; this project's ledger is the team store at {kernel.Store.Location}. " +
                "Archive the team store with PostgreSQL's own tools (partitioning, pg_dump of old rows); kos has changed nothing.");
        }

        var notes = new List<string>();
        Directory.CreateDirectory(Folder);
        notes.AddRange(RemoveLeftovers());

        var chain = kernel.Store.Verify();
        if (!chain.Ok)
        {
            throw KosException.Refused($"The ledger's chain is broken at event {chain.FirstBadSeq} ({chain.Problem}); kos archives only a chain that verifies. Run 'kos trace verify'.");
        }

        var archives = kernel.Store.Archives();
        var (afterSeq, afterHash) = archives.Count == 0 ? (0L, EventHasher.Genesis) : (archives[^1].LastSeq, archives[^1].LastHash);
        var (limit, why) = ArchiveLimit();
        var last = afterSeq;
        foreach (var e in kernel.Store.Events(afterSeq: afterSeq))
        {
            if (e.Seq > limit || ParseTime(e.Time) >= before)
            {
                if (e.Seq > limit && ParseTime(e.Time) < before)
                {
                    notes.Add($"stopped before event {e.Seq}: {why}");
                }

                break;
            }

            last = e.Seq;
        }

        if (last == afterSeq)
        {
            notes.Add($"no live event before {before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} can be archived");
            return new ArchiveOutcome(null, null, notes);
        }

        var first = afterSeq + 1;
        var name = ArchiveFile.NameOf(first, last);
        var final = Path.Combine(Folder, name);
        var temp = Path.Combine(Folder, "." + name + ".tmp");
        File.Delete(temp);
        if (File.Exists(final))
        {
            throw KosException.Environment($"{final} already exists and no archive row names it; move it aside and run 'kos ledger archive' again.");
        }

        try
        {
            ArchiveFile.Write(temp, first, last, afterHash, kernel.Store.Events(afterSeq: afterSeq));
            var check = ArchiveFile.Read(temp, name);
            if (!check.Ok || check.First != first || check.Last != last || check.Events != last - first + 1)
            {
                throw KosException.Environment($"The archive written to {temp} does not read back ({check.Problem ?? $"events {check.First}..{check.Last}"}); nothing was removed from the ledger.");
            }

            File.Move(temp, final);
            DurableFiles.SyncFolder(Folder);
            var entry = new ArchiveEntry(first, last, afterHash, check.FirstId!, check.FirstHash!, check.LastHash, check.Events, name, check.Sha256, check.Bytes, kernel.Now(), 0);
            var keep = KeptEvents(first, last);
            var recorded = kernel.Store.Write(w =>
            {
                var e = kernel.Append(w, EventCatalog.LedgerArchived, null, new LedgerArchived(
                    first, last, entry.Events, afterHash, entry.FirstHash, entry.LastHash, name, entry.Sha256, entry.Bytes,
                    LedgerTime.Stamp(before)));
                w.SealArchive(entry with { RecordedSeq = e.Seq }, keep);
                return e;
            });
            return new ArchiveOutcome(entry with { RecordedSeq = recorded.Seq }, recorded, notes);
        }
        catch
        {
            // Not recorded: the events are still in the ledger, so the file is only a copy.
            File.Delete(temp);
            if (!kernel.Store.Archives().Any(a => a.File == name))
            {
                File.Delete(final);
            }

            throw;
        }
    }

    /// <summary>Gives the pages archival freed back to the file system (the ledger file's bytes before and after).</summary>
    public (long Before, long After) Vacuum()
    {
        var sqlite = (SqliteLedgerStore)((LedgerStore)kernel.Store).Engine;
        long Bytes() => new FileInfo(sqlite.Path).Length + (File.Exists(sqlite.Path + "-wal") ? new FileInfo(sqlite.Path + "-wal").Length : 0);
        var before = Bytes();
        sqlite.Vacuum();
        return (before, Bytes());
    }

    /// <summary>
    /// Files in the archive folder no archive row names: temporary files of an interrupted run, and finished files whose
    /// run stopped before recording them (their events are all still live). Both are removed; anything else is left.
    /// </summary>
    private List<string> RemoveLeftovers()
    {
        var notes = new List<string>();
        var recorded = kernel.Store.Archives().Select(a => a.File).ToHashSet(StringComparer.Ordinal);
        var live = (kernel.Store as LedgerStore)?.Engine is IRangeScan r ? r.Extent() : null;
        foreach (var path in Directory.EnumerateFiles(Folder))
        {
            var file = Path.GetFileName(path);
            if (recorded.Contains(file))
            {
                continue;
            }

            if (file.StartsWith('.') && file.EndsWith(".tmp", StringComparison.Ordinal))
            {
                File.Delete(path);
                notes.Add($"removed {file}, left by an interrupted archive run");
            }
            else if (Range(file) is { } range && live is (var min, var max) && range.First >= min && range.Last <= max)
            {
                File.Delete(path);
                notes.Add($"removed {file}: an archive run stopped before recording it, and its events {range.First}..{range.Last} are still in the ledger");
            }
            else
            {
                notes.Add($"left {file} alone: no archive row names it (not written by kos ledger archive?)");
            }
        }

        return notes;
    }

    /// <summary>The seq range an archive file's name states, or null for another name.</summary>
    public static (long First, long Last)? Range(string file)
    {
        var parts = file.Split('-', '.');
        return parts.Length >= 3 && parts[0] == "events" && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var f) && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var l)
            ? (f, l)
            : null;
    }

    /// <summary>The last seq archival may reach, and what sets it.</summary>
    private (long Seq, string Why) ArchiveLimit()
    {
        var limit = (Seq: long.MaxValue, Why: "");
        void Cap(long seq, string why)
        {
            if (seq < limit.Seq)
            {
                limit = (seq, why);
            }
        }

        if (KnowledgeOS.Postflight.PostflightCheckpoint.Read(kernel.Store) is { } cp)
        {
            Cap(cp.Seq - 1, $"the postflight checkpoint is event {cp.Seq} (incremental checks start there)");
        }

        if (Ledger.Anchors.LedgerAnchors.Latest(kernel.Project) is { } anchor)
        {
            Cap(anchor.Seq - 1, $"the last anchored head is event {anchor.Seq}");
        }

        foreach (var row in kernel.Store.ListTasks().Where(t => !(PhaseNames.TryParse(t.Phase, out var p) && p.IsClosed())))
        {
            if (kernel.Store.Events(row.Id).FirstOrDefault() is { } e)
            {
                Cap(e.Seq - 1, $"{row.Id} is {row.Phase}, and its events from {e.Seq} on are still replayed (lifecycle, context)");
            }
        }

        return limit;
    }

    /// <summary>The archived events the ledger keeps copies of: event 1 (the ledger's identity) and each task's anchor event.</summary>
    private List<long> KeptEvents(long first, long last)
    {
        var keep = new List<long> { 1 };
        foreach (var row in kernel.Store.ListTasks())
        {
            if (kernel.FindTask(kernel.Store, row.Id) is { LastSeq: > 0 } t && t.LastSeq >= first && t.LastSeq <= last)
            {
                keep.Add(t.LastSeq);
            }
        }

        return keep;
    }

    private static DateTimeOffset ParseTime(string time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : DateTimeOffset.MaxValue;
}
