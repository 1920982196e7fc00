using SQLitePCL;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>
/// The ledger's zstd dictionaries (schema 4, table <c>dictionaries</c>), as read from it: id → content. A dictionary is raw
/// content (recent payloads of the ledger itself, see <see cref="DictionaryBuilder"/>), stored beside its SHA-256. One whose
/// bytes no longer match its SHA-256 is left out, so every payload compressed with it reads as damaged; one altered together
/// with its SHA-256 decodes its payloads into other text, which no longer hashes to the events' stored hashes. Either way
/// <c>trace verify</c> fails at the first event using it: nothing can be rewritten through a dictionary. Immutable, shared
/// between threads.
/// </summary>
public sealed class PayloadDictionaries
{
    public static readonly PayloadDictionaries None = new(new Dictionary<long, byte[]>(), []);

    private readonly Dictionary<long, byte[]> _content;

    private PayloadDictionaries(Dictionary<long, byte[]> content, IReadOnlyList<long> damaged)
    {
        _content = content;
        Damaged = damaged;
        Latest = content.Count == 0 ? 0 : content.Keys.Max();
    }

    /// <summary>The newest intact dictionary's id (new payloads are compressed with it); 0 when there is none.</summary>
    public long Latest { get; }

    /// <summary>Dictionaries whose bytes do not match their stored SHA-256.</summary>
    public IReadOnlyList<long> Damaged { get; }

    public bool TryGet(long id, out byte[] content) => _content.TryGetValue(id, out content!);

    /// <summary>Reads them on a raw connection (a verification stretch's own); <see cref="None"/> before schema 4.</summary>
    internal static PayloadDictionaries Read(sqlite3 db)
    {
        if (raw.sqlite3_prepare_v2(db, "SELECT id, sha256, content FROM dictionaries ORDER BY id", out sqlite3_stmt stmt) != raw.SQLITE_OK)
        {
            stmt.Dispose();
            return None;
        }

        var content = new Dictionary<long, byte[]>();
        var damaged = new List<long>();
        using (stmt)
        {
            while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW)
            {
                var id = raw.sqlite3_column_int64(stmt, 0);
                var bytes = raw.sqlite3_column_blob(stmt, 2).ToArray();
                if (bytes.Length > 0 && Sha256(bytes).AsSpan().SequenceEqual(raw.sqlite3_column_blob(stmt, 1)))
                {
                    content[id] = bytes;
                }
                else
                {
                    damaged.Add(id);
                }
            }
        }

        return new PayloadDictionaries(content, damaged);
    }

    /// <summary>The managed SHA-256: a hook reads the dictionaries once, and loading OpenSSL would cost it more than the hash.</summary>
    internal static byte[] Sha256(ReadOnlySpan<byte> content)
    {
        var digest = new byte[32];
        ManagedSha256.Hash(content, digest);
        return digest;
    }
}
