using KnowledgeOS.Ledger.Archive;

namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    /// <summary>
    /// Seals an archive inside the write transaction: the live events must be exactly the entry's (the oldest
    /// live event is its first, the one at its last seq has its last hash, none is missing), then the entry is
    /// recorded, the kept events copied with their links, and the entry's events deleted. All or nothing.
    /// </summary>
    private void Seal(ArchiveEntry entry, IReadOnlyCollection<long> keep)
    {
        using (var check = Command("SELECT coalesce(min(seq), 0), count(*) FROM events WHERE seq <= $last"))
        {
            check.Parameters.AddWithValue("$last", entry.LastSeq);
            using var r = check.ExecuteReader();
            r.Read();
            if (r.GetInt64(0) != entry.FirstSeq || r.GetInt64(1) != entry.Events || LinkOf(entry.LastSeq + 1) != entry.LastHash || LinkOf(entry.FirstSeq) != entry.PrevHash)
            {
                throw KosException.Environment(
                    $"The live ledger no longer holds events {entry.FirstSeq}..{entry.LastSeq} as archived (oldest live event {r.GetInt64(0)}, {r.GetInt64(1)} events up to {entry.LastSeq}); nothing was removed.");
            }
        }

        using (var insert = Command(
                   "INSERT INTO archives (last_seq, first_seq, prev_hash, first_id, first_hash, last_hash, events, file, sha256, bytes, sealed, recorded) " +
                   "VALUES ($last, $first, $prev, $fid, $fhash, $lhash, $n, $file, $sha, $bytes, $sealed, $recorded)"))
        {
            insert.Parameters.AddWithValue("$last", entry.LastSeq);
            insert.Parameters.AddWithValue("$first", entry.FirstSeq);
            insert.Parameters.AddWithValue("$prev", entry.PrevHash);
            insert.Parameters.AddWithValue("$fid", entry.FirstId);
            insert.Parameters.AddWithValue("$fhash", entry.FirstHash);
            insert.Parameters.AddWithValue("$lhash", entry.LastHash);
            insert.Parameters.AddWithValue("$n", entry.Events);
            insert.Parameters.AddWithValue("$file", entry.File);
            insert.Parameters.AddWithValue("$sha", entry.Sha256);
            insert.Parameters.AddWithValue("$bytes", entry.Bytes);
            insert.Parameters.AddWithValue("$sealed", entry.Sealed);
            insert.Parameters.AddWithValue("$recorded", entry.RecordedSeq);
            insert.ExecuteNonQuery();
        }

        using (var copy = Command(
                   "INSERT INTO archive_kept (seq, hash, id, time, type, task, actor, session, payload, prev_hash) " +
                   $"SELECT seq, hash, id, time, type, task, actor, session, payload, coalesce({PrevHash}, $genesis) FROM events WHERE seq = $s"))
        {
            copy.Parameters.AddWithValue("$genesis", EventHasher.Genesis);
            var s = copy.Parameters.AddWithValue("$s", 0L);
            foreach (var seq in keep.Where(q => q >= entry.FirstSeq && q <= entry.LastSeq).Distinct())
            {
                s.Value = seq;
                copy.ExecuteNonQuery();
            }
        }

        // The kept copies store prev_hash as hex text (their predecessor is gone).
        Run("UPDATE archive_kept SET prev_hash = lower(hex(prev_hash)) WHERE typeof(prev_hash) = 'blob'");
        using var delete = Command("DELETE FROM events WHERE seq >= $first AND seq <= $last");
        delete.Parameters.AddWithValue("$first", entry.FirstSeq);
        delete.Parameters.AddWithValue("$last", entry.LastSeq);
        delete.ExecuteNonQuery();
    }

    /// <summary>Gives the pages freed by archival back to the file system (atomic; holds the write lock while it runs).</summary>
    public void Vacuum() => Exec(_connection, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);");
}
