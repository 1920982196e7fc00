using System.Text;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>
/// Makes a zstd dictionary from the ledger's own recent payloads: raw content (no entropy tables), so it costs nothing to
/// build inside a write and a reader sets it up once per stretch, not once per frame. Each event type gets its share,
/// its most recent distinct payloads first; the commonest types sit at the end, where zstd reaches them most cheaply.
/// </summary>
internal static class DictionaryBuilder
{
    /// <summary>A dictionary holds at most this much content.</summary>
    public const int Capacity = 32 * 1024;

    /// <summary>How many of the latest events a dictionary is made from.</summary>
    public const int Sample = 4096;

    /// <summary>A new dictionary is made when the ledger reaches this many events, and at each fourfold after (4,096, 16,384, … 16,777,216).</summary>
    public const long FirstAt = 1024;

    private const int PerPayload = 1024;
    private const int PerType = 64;

    /// <summary>True when appending event <paramref name="seq"/> should first make a new dictionary from the events before it.</summary>
    public static bool DueAt(long seq) =>
        seq >= FirstAt && (seq & (seq - 1)) == 0 && System.Numerics.BitOperations.Log2((ulong)(seq / FirstAt)) % 2 == 0;

    /// <summary>The dictionary's content from <paramref name="newestFirst"/> (type, payload JSON); null when there is too little to learn from.</summary>
    public static byte[]? Build(IEnumerable<(string Type, string Payload)> newestFirst)
    {
        var byType = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (type, payload) in newestFirst)
        {
            counts[type] = counts.GetValueOrDefault(type) + 1;
            if (!byType.TryGetValue(type, out var list))
            {
                byType[type] = list = [];
            }

            if (list.Count < PerType && payload.Length >= PayloadEncoder.ZstdFrom && seen.Add(payload))
            {
                var utf8 = Encoding.UTF8.GetBytes(payload);
                list.Add(utf8.Length <= PerPayload ? utf8 : utf8[..PerPayload]);
            }
        }

        // Round-robin over the types, commonest first, until the dictionary is full: every type gets some share.
        var order = byType.Keys.OrderByDescending(t => counts[t]).ThenBy(t => t, StringComparer.Ordinal).ToList();
        var chosen = new List<byte[]>();
        var total = 0;
        for (var round = 0; round < PerType && total < Capacity; round++)
        {
            foreach (var type in order)
            {
                var list = byType[type];
                if (round < list.Count && total + list[round].Length <= Capacity)
                {
                    chosen.Add(list[round]);
                    total += list[round].Length;
                }
            }
        }

        if (total < 256)
        {
            return null;
        }

        // The most valuable content (chosen first) goes last: the nearest matches are the cheapest to encode.
        chosen.Reverse();
        return chosen.SelectMany(c => c).ToArray();
    }
}
