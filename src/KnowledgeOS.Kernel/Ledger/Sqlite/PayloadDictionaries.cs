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
    public static readonly PayloadDictionaries None = new(new Dictionary<long, byte[]>(), [], null);

    private readonly Dictionary<long, byte[]> _content;
    private readonly HashSet<long> _damaged;

    /// <summary>Ids not read yet, newest last, with the connection to read them on (a lazy set: <see cref="ReadOnUse"/>).</summary>
    private readonly List<long>? _unread;
    private readonly sqlite3? _db;
    private readonly Lock _lock = new();
    private long _latest = -1;

    private PayloadDictionaries(Dictionary<long, byte[]> content, IEnumerable<long> damaged, List<long>? unread, sqlite3? db = null)
    {
        _content = content;
        _damaged = [.. damaged];
        _unread = unread;
        _db = db;
    }

    /// <summary>The newest intact dictionary's id (new payloads are compressed with it); 0 when there is none.</summary>
    public long Latest
    {
        get
        {
            lock (_lock)
            {
                if (_latest < 0)
                {
                    _latest = 0;
                    foreach (var id in (_unread ?? []).Concat(_content.Keys).Concat(_damaged).Distinct().OrderDescending())
                    {
                        if (TryGetLocked(id, out _))
                        {
                            _latest = id;
                            break;
                        }
                    }
                }

                return _latest;
            }
        }
    }

    /// <summary>Dictionaries whose bytes do not match their stored SHA-256 (of those read so far, for a set read on use).</summary>
    public IReadOnlyList<long> Damaged
    {
        get
        {
            lock (_lock)
            {
                return [.. _damaged.Order()];
            }
        }
    }

    public bool TryGet(long id, out byte[] content)
    {
        lock (_lock)
        {
            return TryGetLocked(id, out content);
        }
    }

    private bool TryGetLocked(long id, out byte[] content)
    {
        if (_content.TryGetValue(id, out content!))
        {
            return true;
        }

        if (_unread is null || _db is null || !_unread.Remove(id))
        {
            return false;
        }

        Load(_db, $"SELECT id, sha256, content FROM dictionaries WHERE id = {id}", _content, _damaged);
        return _content.TryGetValue(id, out content!);
    }

    /// <summary>Reads them all on a raw connection (a verification stretch's own: every payload it reads may name any); <see cref="None"/> before schema 4.</summary>
    internal static PayloadDictionaries Read(sqlite3 db)
    {
        var content = new Dictionary<long, byte[]>();
        var damaged = new List<long>();
        return Load(db, "SELECT id, sha256, content FROM dictionaries ORDER BY id", content, damaged) ? new PayloadDictionaries(content, damaged, null) : None;
    }

    /// <summary>
    /// Lists them on the store's own connection and reads each the first time it is asked for (a command compresses with the
    /// newest and reads a few payloads: it need not read, and check the hash of, every dictionary the ledger has made).
    /// The connection must outlive this set; <see cref="TryGet"/> may be called from any thread.
    /// </summary>
    internal static PayloadDictionaries ReadOnUse(sqlite3 db)
    {
        if (raw.sqlite3_prepare_v2(db, "SELECT id FROM dictionaries ORDER BY id", out sqlite3_stmt stmt) != raw.SQLITE_OK)
        {
            stmt.Dispose();
            return None;
        }

        var ids = new List<long>();
        using (stmt)
        {
            while (raw.sqlite3_step(stmt) == raw.SQLITE_ROW)
            {
                ids.Add(raw.sqlite3_column_int64(stmt, 0));
            }
        }

        return new PayloadDictionaries([], [], ids, db);
    }

    private static bool Load(sqlite3 db, string sql, Dictionary<long, byte[]> content, ICollection<long> damaged)
    {
        if (raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt) != raw.SQLITE_OK)
        {
            stmt.Dispose();
            return false;
        }

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

        return true;
    }

    /// <summary>The managed SHA-256: a hook reads the dictionaries once, and loading OpenSSL would cost it more than the hash.</summary>
    internal static byte[] Sha256(ReadOnlySpan<byte> content)
    {
        var digest = new byte[32];
        ManagedSha256.Hash(content, digest);
        return digest;
    }
}
