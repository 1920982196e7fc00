using System.Data;
using System.Text;
using KnowledgeOS.Ledger;
using Npgsql;

namespace KnowledgeOS.Store.Postgres;

internal sealed partial class PostgresLedgerStore
{
    private const string EventColumns = "seq, id, time, type, task, actor, session, payload, prev_hash, hash";

    // Writes inside a transaction are queued and go to the server in one batch: before the transaction's next read (which
    // must see them), or with its COMMIT (see Transact). The head the transaction started from is read with its lock.
    private void Insert(LedgerEvent e)
    {
        var cmd = Write(
            "INSERT INTO kos.events (project, seq, id, time, type, task, actor, session, payload, prev_hash, hash) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = e.Seq, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        foreach (var v in new[] { e.Id, e.Time, e.Type, e.Task, e.Actor, e.Session, e.Payload, e.PrevHash, e.Hash })
        {
            cmd.Parameters.Add(Text(v));
        }

        _head = (e, true);
    }

    private void PutTask(string id, string phase, string title, string? session, string updated, string json)
    {
        var cmd = Write(
            "INSERT INTO kos.tasks (project, id, phase, title, session, updated, state) VALUES ($1, $2, $3, $4, $5, $6, $7) " +
            "ON CONFLICT (project, id) DO UPDATE SET phase = excluded.phase, title = excluded.title, session = excluded.session, " +
            "updated = excluded.updated, state = excluded.state");
        foreach (var v in new[] { id, phase, title, session, updated, json })
        {
            cmd.Parameters.Add(Text(v));
        }
    }

    private void PutRecord(string kind, string key, string? task, string value)
    {
        var cmd = Write(
            "INSERT INTO kos.records (project, kind, key, task, value) VALUES ($1, $2, $3, $4, $5) " +
            "ON CONFLICT (project, kind, key) DO UPDATE SET task = excluded.task, value = excluded.value");
        foreach (var v in new[] { kind, key, task, value })
        {
            cmd.Parameters.Add(Text(v));
        }
    }

    private void DeleteRecord(string kind, string key)
    {
        var cmd = Write("DELETE FROM kos.records WHERE project = $1 AND kind = $2 AND key = $3");
        cmd.Parameters.Add(Text(kind));
        cmd.Parameters.Add(Text(key));
    }

    public string? GetTaskJson(string id)
    {
        using var cmd = Command("SELECT state FROM kos.tasks WHERE project = $1 AND id = $2");
        cmd.Parameters.Add(Text(id));
        return cmd.ExecuteScalar() as string;
    }

    public IReadOnlyList<TaskRow> ListTasks()
    {
        using var cmd = Command("SELECT id, phase, title, session, updated FROM kos.tasks WHERE project = $1 ORDER BY updated DESC, id COLLATE \"C\"");
        return TaskRows(cmd);
    }

    public IReadOnlyList<TaskRow> TasksOfSession(string session)
    {
        using var cmd = Command("SELECT id, phase, title, session, updated FROM kos.tasks WHERE project = $1 AND session = $2 ORDER BY updated DESC, id COLLATE \"C\"");
        cmd.Parameters.Add(Text(session));
        return TaskRows(cmd);
    }

    private static List<TaskRow> TaskRows(NpgsqlCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var rows = new List<TaskRow>();
        while (r.Read())
        {
            rows.Add(new TaskRow(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)));
        }

        return rows;
    }

    public string? GetRecord(string kind, string key)
    {
        using var cmd = Command("SELECT value FROM kos.records WHERE project = $1 AND kind = $2 AND key = $3");
        cmd.Parameters.Add(Text(kind));
        cmd.Parameters.Add(Text(key));
        return cmd.ExecuteScalar() as string;
    }

    public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null)
    {
        using var cmd = Command(task is null
            ? "SELECT key, value FROM kos.records WHERE project = $1 AND kind = $2 ORDER BY key COLLATE \"C\""
            : "SELECT key, value FROM kos.records WHERE project = $1 AND kind = $2 AND task = $3 ORDER BY key COLLATE \"C\"");
        cmd.Parameters.Add(Text(kind));
        if (task is not null)
        {
            cmd.Parameters.Add(Text(task));
        }

        using var r = cmd.ExecuteReader();
        var rows = new List<(string, string)>();
        while (r.Read())
        {
            rows.Add((r.GetString(0), r.GetString(1)));
        }

        return rows;
    }

    /// <summary>PostgreSQL checks its own pages (and its WAL) as it reads; there is no file of kos's to examine.</summary>
    public IntegrityReport IntegrityCheck(TaskEventDigest.Points tasksAt) => new([]);

    public IReadOnlyList<StoredRecord> AllRecords()
    {
        using var cmd = Command("SELECT kind, key, task, value FROM kos.records WHERE project = $1 ORDER BY kind COLLATE \"C\", key COLLATE \"C\"");
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
        EnsureBegun();
        if (_head.Known)
        {
            return _head.Event;
        }

        using var cmd = Command($"SELECT {EventColumns} FROM kos.events WHERE project = $1 ORDER BY seq DESC LIMIT 1");
        return ReadAll(cmd).FirstOrDefault();
    }

    public LedgerEvent? GetEvent(long seq)
    {
        using var cmd = Command($"SELECT {EventColumns} FROM kos.events WHERE project = $1 AND seq = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = seq, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        return ReadAll(cmd).FirstOrDefault();
    }

    public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix)
    {
        prefix = prefix.ToLowerInvariant();
        if (prefix.Length == 0 || !prefix.All(Uri.IsHexDigit))
        {
            return [];
        }

        using var cmd = Command($"SELECT {EventColumns} FROM kos.events WHERE project = $1 AND hash COLLATE \"C\" >= $2 AND hash COLLATE \"C\" < $3 ORDER BY seq LIMIT 10");
        cmd.Parameters.Add(Text(prefix));
        cmd.Parameters.Add(Text(prefix + "g"));
        return ReadAll(cmd).ToList();
    }

    public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0)
    {
        // Materialised: the connection serves one reader at a time, and callers write while iterating.
        using var cmd = Command(task is null
            ? $"SELECT {EventColumns} FROM kos.events WHERE project = $1 AND seq > $2 ORDER BY seq"
            : $"SELECT {EventColumns} FROM kos.events WHERE project = $1 AND seq > $2 AND task = $3 ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter { Value = afterSeq, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        if (task is not null)
        {
            cmd.Parameters.Add(Text(task));
        }

        return ReadAll(cmd).ToList();
    }

    public IEnumerable<LedgerEvent> EventsOfTypes(IReadOnlyCollection<string> types, long afterSeq = 0)
    {
        // One parameter per type (the slim data source has no array types).
        using var cmd = Command($"SELECT {EventColumns} FROM kos.events WHERE project = $1 AND seq > $2 AND type IN ({string.Join(", ", types.Select((_, i) => $"${i + 3}"))}) ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter { Value = afterSeq, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        foreach (var t in types)
        {
            cmd.Parameters.Add(Text(t));
        }

        return ReadAll(cmd).ToList();
    }

    private const int EventColumnCount = 10;

    private static IEnumerable<LedgerEvent> ReadAll(NpgsqlCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return ReadEvent(r);
        }
    }

    private static LedgerEvent ReadEvent(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9));

    /// <summary>Streams the project's events in seq order; each row's text becomes UTF-8 once, in a reused buffer.</summary>
    public void ScanChain(IChainSink sink)
    {
        using var cmd = Command($"SELECT {EventColumns} FROM kos.events WHERE project = $1 ORDER BY seq");
        using var r = cmd.ExecuteReader(CommandBehavior.SequentialAccess);
        var rows = new RowText();
        while (r.Read())
        {
            var seq = r.GetInt64(0);
            rows.Read(r);
            if (!sink.Add(rows.Fields(seq), rows.Field(8)))
            {
                return;
            }
        }
    }

    /// <summary>One row's text columns (id … hash) as UTF-8 in a buffer reused from row to row.</summary>
    private sealed class RowText
    {
        private readonly Range[] _at = new Range[9];
        private byte[] _buffer = new byte[4096];
        private bool _hasTask;
        private bool _hasSession;

        /// <summary>Reads columns 1..9 of the current row (SequentialAccess: after column 0).</summary>
        public void Read(NpgsqlDataReader r)
        {
            var used = 0;
            _hasTask = false;
            _hasSession = false;
            for (var c = 1; c <= 9; c++)
            {
                string text;
                if (r.IsDBNull(c))
                {
                    text = "";
                }
                else
                {
                    text = r.GetString(c);
                    _hasTask |= c == 4;
                    _hasSession |= c == 6;
                }

                var need = used + Encoding.UTF8.GetMaxByteCount(text.Length);
                if (need > _buffer.Length)
                {
                    Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, need));
                }

                var n = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(used));
                _at[c - 1] = used..(used + n);
                used += n;
            }
        }

        /// <summary>Column 1 + <paramref name="i"/>: 0 id, 1 time, 2 type, 3 task, 4 actor, 5 session, 6 payload, 7 prev_hash, 8 hash.</summary>
        public Span<byte> Field(int i) => _buffer.AsSpan(_at[i]);

        /// <summary>The event's fields as stored, prev_hash included.</summary>
        public EventFields Fields(long seq) => new()
        {
            Seq = seq,
            Id = Field(0),
            Time = Field(1),
            Type = Field(2),
            Task = Field(3),
            HasTask = _hasTask,
            Actor = Field(4),
            Session = Field(5),
            HasSession = _hasSession,
            Payload = Field(6),
            PrevHash = Field(7),
        };
    }
}
