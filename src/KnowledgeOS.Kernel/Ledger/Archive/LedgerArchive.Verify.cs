using KnowledgeOS.Ledger;

namespace KnowledgeOS.Ledger.Archive;

/// <summary>What <c>trace verify --all</c> found in the archives: how many events they hold, problems (each naming its archive), notes.</summary>
public sealed record ArchiveVerification(int Archives, long Events, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    public bool Ok => Problems.Count == 0;
}

internal sealed partial class LedgerArchive
{
    /// <summary>
    /// Reads every recorded archive file through: it must exist, hold exactly the events its row records (range, link to
    /// the archive before, first and last hashes, byte-identical SHA-256), every event re-hashed as the live chain is, and
    /// each archive's <c>ledger.archived</c> event (live, or inside a later archive) must say the same. The live chain's
    /// link to the last archive is checked by <see cref="ILedgerReader.Verify"/>.
    /// </summary>
    public ArchiveVerification Verify(Action<LedgerEvent>? each = null)
    {
        var archives = kernel.Store.Archives();
        var problems = new List<string>();
        var notes = new List<string>();
        if (ArchiveLinks.Check(archives) is { } broken)
        {
            problems.Add(broken.Problem!);
        }

        var records = new Dictionary<long, LedgerEvent>();
        var wanted = archives.Select(a => a.RecordedSeq).ToHashSet();
        long events = 0;
        foreach (var a in archives)
        {
            var path = Path.Combine(Folder, a.File);
            if (!File.Exists(path))
            {
                problems.Add($"the archive {a.File} (events {a.FirstSeq}..{a.LastSeq}) is missing from {Folder}: it was removed or renamed");
                continue;
            }

            var check = ArchiveFile.Read(path, a.File, e =>
            {
                if (wanted.Contains(e.Seq))
                {
                    records[e.Seq] = e;
                }

                each?.Invoke(e);
            });
            events += check.Events;
            var problem = check.Problem ?? (
                check.First != a.FirstSeq || check.Last != a.LastSeq || check.Events != a.Events
                    ? $"the archive {a.File} holds events {check.First}..{check.Last}, but the ledger records {a.FirstSeq}..{a.LastSeq} for it (archives swapped or replaced)" :
                check.PrevHash != a.PrevHash || check.FirstHash != a.FirstHash || check.FirstId != a.FirstId || check.LastHash != a.LastHash
                    ? $"the archive {a.File} does not hold the events the ledger recorded (its first or last hash differs; archives swapped or replaced)" :
                check.Sha256 != a.Sha256 || check.Bytes != a.Bytes
                    ? $"the archive {a.File} was modified: its SHA-256 is {check.Sha256[..12]} ({check.Bytes} bytes), the ledger recorded {a.Sha256[..12]} ({a.Bytes} bytes)" :
                null);
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        foreach (var a in archives)
        {
            var recorded = records.GetValueOrDefault(a.RecordedSeq) ?? kernel.Store.GetEvent(a.RecordedSeq);
            if (recorded is null)
            {
                if (problems.Count == 0)
                {
                    problems.Add($"the archive {a.File}: its ledger.archived event {a.RecordedSeq} is in neither the ledger nor an archive");
                }

                continue;
            }

            if (!ArchiveLinks.Records(recorded, a))
            {
                problems.Add($"the archive {a.File}: the ledger's archives row differs from its ledger.archived event {a.RecordedSeq} (the row was edited)");
            }
        }

        if (Directory.Exists(Folder))
        {
            var named = archives.Select(a => a.File).ToHashSet(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Folder).Select(Path.GetFileName).Where(f => !named.Contains(f!)))
            {
                notes.Add($"{file} in {Folder} is not a recorded archive (an interrupted 'kos ledger archive' leaves one; the next run removes it)");
            }
        }

        return new ArchiveVerification(archives.Count, events, problems, notes);
    }

    /// <summary>
    /// The archived events (optionally one task's), oldest first, read from the archive files with every hash checked;
    /// an archive that does not verify is an error, never shown as history.
    /// </summary>
    public IReadOnlyList<LedgerEvent> ArchivedEvents(string? task = null)
    {
        var events = new List<LedgerEvent>();
        var check = Verify(e =>
        {
            if (task is null || e.Task == task)
            {
                events.Add(e);
            }
        });
        if (!check.Ok)
        {
            throw KosException.Environment($"The archived history cannot be read: {check.Problems[0]}. 'kos trace verify --all' lists every problem.");
        }

        return events;
    }
}
