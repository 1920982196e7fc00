using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    /// <summary>An event's columns, prev_hash last: the hash of the event before it (see <see cref="PrevHash"/>).</summary>
    private const string EventColumns = "seq, id, time, type, task, actor, session, payload, " + PrevHash + ", hash";

    /// <summary>
    /// The hash an event links to: its predecessor's (seq is the key), or, for the first live event after an archive,
    /// the archive's last hash; NULL when that event is gone.
    /// </summary>
    private const string PrevHash =
        "coalesce((SELECT p.hash FROM events p WHERE p.seq = events.seq - 1), (SELECT a.last_hash FROM archives a WHERE a.last_seq = events.seq - 1))";

    /// <summary>A kept copy of an archived event, in <see cref="EventColumns"/>' order.</summary>
    private const string KeptColumns = "seq, id, time, type, task, actor, session, payload, prev_hash, hash";

    private SqliteTransaction? _tx;

    private SqliteCommand Command(string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = _tx;
        return cmd;
    }

    public string? GetTaskJson(string id)
    {
        using var cmd = Command("SELECT state FROM tasks WHERE id = $id");
        cmd.Parameters.AddWithValue("$id", id);
        return cmd.ExecuteScalar() as string;
    }

    public IReadOnlyList<TaskRow> ListTasks()
    {
        using var cmd = Command("SELECT id, phase, title, session, updated FROM tasks ORDER BY updated DESC, id");
        using var r = cmd.ExecuteReader();
        var rows = new List<TaskRow>();
        while (r.Read())
        {
            rows.Add(new TaskRow(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)));
        }

        return rows;
    }

    public IReadOnlyList<TaskRow> TasksOfSession(string session)
    {
        using var cmd = Command("SELECT id, phase, title, session, updated FROM tasks WHERE session = $s ORDER BY updated DESC, id");
        cmd.Parameters.AddWithValue("$s", session);
        using var r = cmd.ExecuteReader();
        var rows = new List<TaskRow>();
        while (r.Read())
        {
            rows.Add(new TaskRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));
        }

        return rows;
    }

    public string? GetRecord(string kind, string key)
    {
        using var cmd = Command("SELECT value FROM records WHERE kind = $k AND key = $key");
        cmd.Parameters.AddWithValue("$k", kind);
        cmd.Parameters.AddWithValue("$key", key);
        return cmd.ExecuteScalar() as string;
    }

    public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null)
    {
        using var cmd = Command(task is null
            ? "SELECT key, value FROM records WHERE kind = $k ORDER BY key"
            : "SELECT key, value FROM records WHERE kind = $k AND task = $t ORDER BY key");
        cmd.Parameters.AddWithValue("$k", kind);
        if (task is not null)
        {
            cmd.Parameters.AddWithValue("$t", task);
        }

        using var r = cmd.ExecuteReader();
        var rows = new List<(string, string)>();
        while (r.Read())
        {
            rows.Add((r.GetString(0), r.GetString(1)));
        }

        return rows;
    }

    public IReadOnlyList<StoredRecord> AllRecords()
    {
        using var cmd = Command("SELECT kind, key, task, value FROM records ORDER BY kind, key");
        using var r = cmd.ExecuteReader();
        var rows = new List<StoredRecord>();
        while (r.Read())
        {
            rows.Add(new StoredRecord(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3)));
        }

        return rows;
    }

    public LedgerEvent? Head()
    {
        using var cmd = Command($"SELECT {EventColumns} FROM events ORDER BY seq DESC LIMIT 1");
        return ReadOne(cmd);
    }

    public LedgerEvent? GetEvent(long seq)
    {
        using var cmd = Command($"SELECT {EventColumns} FROM events WHERE seq = $s");
        cmd.Parameters.AddWithValue("$s", seq);
        if (ReadOne(cmd) is { } live)
        {
            return live;
        }

        // An archived event the projections still point at (event 1, a task's anchor) is kept beside the archive.
        using var kept = Command($"SELECT {KeptColumns} FROM archive_kept WHERE seq = $s");
        kept.Parameters.AddWithValue("$s", seq);
        return ReadOne(kept);
    }

    public IReadOnlyList<Archive.ArchiveEntry> Archives()
    {
        using var cmd = Command(
            "SELECT first_seq, last_seq, prev_hash, first_id, first_hash, last_hash, events, file, sha256, bytes, sealed, recorded FROM archives ORDER BY last_seq");
        using var r = cmd.ExecuteReader();
        var rows = new List<Archive.ArchiveEntry>();
        while (r.Read())
        {
            rows.Add(new Archive.ArchiveEntry(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                r.GetInt64(6), r.GetString(7), r.GetString(8), r.GetInt64(9), r.GetString(10), r.GetInt64(11)));
        }

        return rows;
    }

    public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix)
    {
        prefix = prefix.ToLowerInvariant();
        if (prefix.Length == 0 || !prefix.All(Uri.IsHexDigit))
        {
            return [];
        }

        // No index on hash (the chain rules do not need one): a human's look-up scans the hash column,
        // which sits before the payload so no overflow page is read.
        using var cmd = Command(
            $"SELECT {EventColumns} FROM events WHERE substr(CASE typeof(hash) WHEN 'blob' THEN lower(hex(hash)) ELSE hash END, 1, $n) = $p ORDER BY seq LIMIT 10");
        cmd.Parameters.AddWithValue("$n", prefix.Length);
        cmd.Parameters.AddWithValue("$p", prefix);
        return ReadAll(cmd).ToList();
    }

    public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0)
    {
        using var cmd = Command(task is null
            ? $"SELECT {EventColumns} FROM events WHERE seq > $after ORDER BY seq"
            : $"SELECT {EventColumns} FROM events WHERE task = $t AND seq > $after ORDER BY seq");
        cmd.Parameters.AddWithValue("$after", afterSeq);
        if (task is not null)
        {
            cmd.Parameters.AddWithValue("$t", task);
        }

        foreach (var e in ReadAll(cmd))
        {
            yield return e;
        }
    }

    public IEnumerable<LedgerEvent> EventsOfTypes(IReadOnlyCollection<string> types, long afterSeq = 0)
    {
        // No index on type: one pass from afterSeq on the key that reads the type column and decodes only the rows it keeps.
        using var cmd = Command($"SELECT {EventColumns} FROM events WHERE seq > $after AND type IN ({string.Join(", ", types.Select((_, i) => $"$t{i}"))}) ORDER BY seq");
        cmd.Parameters.AddWithValue("$after", afterSeq);
        var n = 0;
        foreach (var t in types)
        {
            cmd.Parameters.AddWithValue($"$t{n++}", t);
        }

        foreach (var e in ReadAll(cmd))
        {
            yield return e;
        }
    }

    private LedgerEvent? ReadOne(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadEvent(r) : null;
    }

    private IEnumerable<LedgerEvent> ReadAll(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return ReadEvent(r);
        }
    }

    private LedgerEvent ReadEvent(SqliteDataReader r)
    {
        var seq = r.GetInt64(0);
        var prev = r.IsDBNull(8) ? seq == 1 ? EventHasher.Genesis : "" : Compact.HexOrText(r.GetValue(8));
        var payload = PayloadText(r.GetValue(7));
        return new LedgerEvent(
            seq, Compact.HexOrText(r.GetValue(1)), Compact.HexOrText(r.GetValue(2)), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
            r.IsDBNull(6) ? null : r.GetString(6), payload, prev, Compact.HexOrText(r.GetValue(9)));
    }
}
