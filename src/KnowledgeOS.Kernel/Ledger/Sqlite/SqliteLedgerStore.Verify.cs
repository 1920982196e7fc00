namespace KnowledgeOS.Ledger.Sqlite;

public sealed partial class SqliteLedgerStore
{
    public ChainReport Verify()
    {
        using var cmd = Command($"SELECT {EventColumns} FROM events ORDER BY seq");
        using var r = cmd.ExecuteReader();
        var hasher = new EventHasher();
        long expectedSeq = 1;
        var prev = EventHasher.Genesis;
        while (r.Read())
        {
            var seq = r.GetInt64(0);
            if (seq != expectedSeq)
            {
                return new ChainReport(expectedSeq - 1, prev, expectedSeq, $"event {expectedSeq} is missing (next stored event is {seq})");
            }

            var prevHash = r.GetString(8);
            if (!string.Equals(prevHash, prev, StringComparison.Ordinal))
            {
                return new ChainReport(seq - 1, prev, seq, $"event {seq} does not link to event {seq - 1} (prev_hash differs)");
            }

            var stored = r.GetString(9);
            var computed = hasher.Hash(
                seq, r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), prevHash);
            if (!string.Equals(stored, computed, StringComparison.Ordinal))
            {
                return new ChainReport(seq - 1, prev, seq, $"event {seq} was altered after it was written (its hash does not match its content)");
            }

            prev = stored;
            expectedSeq++;
        }

        return new ChainReport(expectedSeq - 1, prev, null, null);
    }
}
