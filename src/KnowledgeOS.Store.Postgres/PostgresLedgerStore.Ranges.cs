using System.Collections.Concurrent;
using System.Data;
using System.Text;
using KnowledgeOS.Ledger;
using Npgsql;

namespace KnowledgeOS.Store.Postgres;

/// <summary>
/// The chain read as stretches at once (<see cref="IRangeScan"/>, <see cref="RangeVerifier"/>), each on a connection of its
/// own: each stretch is a short range of the primary key (project, seq), so the server reads it in order from the index
/// instead of sorting the project's whole history, and the stretches' server and client work spreads over the cores.
/// </summary>
internal sealed partial class PostgresLedgerStore : IRangeScan
{
    /// <summary>Connections the stretches read on, opened once per verification and closed with the store.</summary>
    private readonly ConcurrentBag<NpgsqlConnection> _rangeConnections = [];

    /// <summary>
    /// Outside a write transaction, and only for a chain long enough to be worth the stretches' extra connections (a short
    /// one is read on the store's own connection, <see cref="ScanChain"/>).
    /// </summary>
    public bool RangesVisible => !_inTx && Span() >= RangeVerifier.ParallelFrom;

    private long Span()
    {
        using var cmd = Command("SELECT coalesce(max(seq), 0) - coalesce(min(seq), 0) FROM kos.events WHERE project = $1");
        return (long)cmd.ExecuteScalar()!;
    }

    public (long Min, long Max)? Extent()
    {
        using var cmd = Command("SELECT min(seq), max(seq) FROM kos.events WHERE project = $1");
        using var r = cmd.ExecuteReader();
        r.Read();
        return r.IsDBNull(0) ? null : (r.GetInt64(0), r.GetInt64(1));
    }

    /// <summary>
    /// Feeds events <paramref name="from"/>..<paramref name="to"/>. As on SQLite, each event is hashed over the stored hash of
    /// the event before it; a stored prev_hash that is not that hash goes to the sink as no link at all, which it reports as a
    /// broken link (the same verdict <see cref="ChainVerifier"/> gives when it compares the two).
    /// </summary>
    public void ScanRange(long from, long to, IChainSink sink)
    {
        var connection = RangeConnection();
        try
        {
            var prev = new byte[64];
            var prevLength = Encoding.ASCII.GetBytes(EventHasher.Genesis, prev);
            if (from > 1)
            {
                using var before = new NpgsqlCommand("SELECT hash FROM kos.events WHERE project = $1 AND seq = $2", connection);
                before.Parameters.Add(Text(_project));
                before.Parameters.Add(new NpgsqlParameter { Value = from - 1, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
                prevLength = before.ExecuteScalar() is string h && Encoding.UTF8.GetByteCount(h) <= prev.Length ? Encoding.UTF8.GetBytes(h, prev) : 0;
            }

            using var cmd = new NpgsqlCommand($"SELECT {EventColumns} FROM kos.events WHERE project = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq", connection);
            cmd.Parameters.Add(Text(_project));
            cmd.Parameters.Add(new NpgsqlParameter { Value = from, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter { Value = to, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            using var r = cmd.ExecuteReader(CommandBehavior.SequentialAccess);
            var rows = new RowText();
            while (r.Read())
            {
                var seq = r.GetInt64(0);
                rows.Read(r);
                var stored = rows.Field(7);
                var links = prevLength > 0 && stored.SequenceEqual(prev.AsSpan(0, prevLength));
                var fields = rows.Fields(seq);
                fields.PrevHash = links ? prev.AsSpan(0, prevLength) : [];
                var hash = rows.Field(8);
                if (!sink.Add(fields, hash))
                {
                    return;
                }

                prevLength = Math.Min(hash.Length, prev.Length);
                hash[..prevLength].CopyTo(prev);
            }
        }
        finally
        {
            _rangeConnections.Add(connection);
        }
    }

    private NpgsqlConnection RangeConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _rangeConnections.TryTake(out var c) ? c : _dataSource.OpenConnection();
    }

    private void CloseRangeConnections()
    {
        while (_rangeConnections.TryTake(out var c))
        {
            c.Dispose();
        }
    }
}
