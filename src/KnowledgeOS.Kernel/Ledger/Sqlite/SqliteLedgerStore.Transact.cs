using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Ledger.Sqlite;

internal sealed partial class SqliteLedgerStore
{
    public T Transact<T>(Func<IStoreTransaction, T> work)
    {
        if (_tx is not null)
        {
            throw new InvalidOperationException("Write transactions do not nest.");
        }

        // BEGIN IMMEDIATE: take the write lock before the kernel reads the head, so the chain cannot fork.
        _tx = _connection.BeginTransaction(deferred: false);
        try
        {
            var result = work(new Transaction(this));
            _tx.Commit();
            return result;
        }
        catch
        {
            ForgetDictionaries();
            throw;
        }
        finally
        {
            _tx.Dispose();
            _tx = null;
        }
    }

    private void Insert(LedgerEvent e)
    {
        // prev_hash is not stored: it must be the hash of the event before, or the chain would fork.
        if (e.PrevHash != LinkOf(e.Seq))
        {
            throw new InvalidOperationException($"Event {e.Seq} does not link to the ledger's event {e.Seq - 1}; not appended.");
        }

        using var cmd = Command(
            "INSERT INTO events (seq, hash, id, time, type, task, actor, session, payload) " +
            "VALUES ($seq, $hash, $id, $time, $type, $task, $actor, $session, $payload)");
        cmd.Parameters.AddWithValue("$seq", e.Seq);
        cmd.Parameters.AddWithValue("$hash", Compact.Hash(e.Hash));
        cmd.Parameters.AddWithValue("$id", Compact.Id(e.Id));
        cmd.Parameters.AddWithValue("$time", Compact.Time(e.Time));
        cmd.Parameters.AddWithValue("$type", e.Type);
        cmd.Parameters.AddWithValue("$task", (object?)e.Task ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$actor", e.Actor);
        cmd.Parameters.AddWithValue("$session", (object?)e.Session ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$payload", EncodePayload(e.Seq, e.Payload));
        if (cmd.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"Event {e.Seq} was not stored; not appended.");
        }
    }

    /// <summary>The hash event <paramref name="seq"/> must link to: genesis for the first, else its predecessor's.</summary>
    private string LinkOf(long seq)
    {
        if (seq == 1)
        {
            return EventHasher.Genesis;
        }

        using var cmd = Command("SELECT hash FROM events WHERE seq = $s UNION ALL SELECT last_hash FROM archives WHERE last_seq = $s LIMIT 1");
        cmd.Parameters.AddWithValue("$s", seq - 1);
        return cmd.ExecuteScalar() is { } h and not DBNull ? Compact.HexOrText(h) : "";
    }

    private void PutTaskInTransaction(string id, string phase, string title, string? session, string updated, string json)
    {
        using var cmd = Command(
            "INSERT INTO tasks (id, phase, title, session, updated, state) VALUES ($id, $phase, $title, $session, $updated, $state) " +
            "ON CONFLICT(id) DO UPDATE SET phase = excluded.phase, title = excluded.title, session = excluded.session, " +
            "updated = excluded.updated, state = excluded.state");
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$phase", phase);
        cmd.Parameters.AddWithValue("$title", title);
        cmd.Parameters.AddWithValue("$session", (object?)session ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$updated", updated);
        cmd.Parameters.AddWithValue("$state", json);
        cmd.ExecuteNonQuery();
    }

    private void PutRecordInTransaction(string kind, string key, string? task, string value)
    {
        using var cmd = Command(
            "INSERT INTO records (kind, key, task, value) VALUES ($k, $key, $t, $v) " +
            "ON CONFLICT(kind, key) DO UPDATE SET task = excluded.task, value = excluded.value");
        cmd.Parameters.AddWithValue("$k", kind);
        cmd.Parameters.AddWithValue("$key", key);
        cmd.Parameters.AddWithValue("$t", (object?)task ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    private void DeleteRecordInTransaction(string kind, string key)
    {
        using var cmd = Command("DELETE FROM records WHERE kind = $k AND key = $key");
        cmd.Parameters.AddWithValue("$k", kind);
        cmd.Parameters.AddWithValue("$key", key);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The engine inside its write transaction (one connection, so reads see the writes).</summary>
    private sealed class Transaction(SqliteLedgerStore store) : IStoreTransaction, IArchiveTransaction
    {
        public void Seal(Archive.ArchiveEntry entry, IReadOnlyCollection<long> keep) => store.Seal(entry, keep);

        public IReadOnlyList<Archive.ArchiveEntry> Archives() => store.Archives();

        public void Insert(LedgerEvent e) => store.Insert(e);

        public void PutTask(string id, string phase, string title, string? session, string updated, string json) =>
            store.PutTaskInTransaction(id, phase, title, session, updated, json);

        public void PutRecord(string kind, string key, string? task, string value) => store.PutRecordInTransaction(kind, key, task, value);

        public void DeleteRecord(string kind, string key) => store.DeleteRecordInTransaction(kind, key);

        public string? GetTaskJson(string id) => store.GetTaskJson(id);

        public IReadOnlyList<TaskRow> ListTasks() => store.ListTasks();

        public IReadOnlyList<TaskRow> TasksOfSession(string session) => store.TasksOfSession(session);

        public string? GetRecord(string kind, string key) => store.GetRecord(kind, key);

        public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null) => store.ListRecords(kind, task);

        public LedgerEvent? Head() => store.Head();

        public LedgerEvent? GetEvent(long seq) => store.GetEvent(seq);

        public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix) => store.FindByHashPrefix(prefix);

        public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0) => store.Events(task, afterSeq);

        public IEnumerable<LedgerEvent> EventsOfTypes(IReadOnlyCollection<string> types, long afterSeq = 0) => store.EventsOfTypes(types, afterSeq);
    }
}
