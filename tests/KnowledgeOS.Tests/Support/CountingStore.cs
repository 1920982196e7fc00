using KnowledgeOS.Ledger;

namespace KnowledgeOS.Testing;

/// <summary>
/// A real store that counts the rows every read returns (inside and outside write transactions):
/// a deterministic measure of how much work a command does, for scaling tests.
/// </summary>
public sealed class CountingStore(ILedgerStore inner) : ILedgerStore
{
    public long Rows { get; private set; }

    private T Count<T>(T rows, int n)
    {
        Rows += n;
        return rows;
    }

    public T Write<T>(Func<ILedgerWriter, T> work) => inner.Write(w => work(new Writer(this, w)));

    public string? GetTaskJson(string id) => Count(inner.GetTaskJson(id), 1);

    public IReadOnlyList<TaskRow> ListTasks() => Counted(inner.ListTasks());

    public IReadOnlyList<TaskRow> TasksOfSession(string session) => Counted(inner.TasksOfSession(session));

    public string? GetRecord(string kind, string key) => Count(inner.GetRecord(kind, key), 1);

    public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null) => Counted(inner.ListRecords(kind, task));

    public LedgerEvent? Head() => Count(inner.Head(), 1);

    public LedgerEvent? GetEvent(long seq) => Count(inner.GetEvent(seq), 1);

    public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix) => Counted(inner.FindByHashPrefix(prefix));

    public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0) => CountEach(inner.Events(task, afterSeq));

    public ChainReport Verify() => inner.Verify();

    public string Location => inner.Location;

    public void Dispose() => inner.Dispose();

    private IReadOnlyList<TRow> Counted<TRow>(IReadOnlyList<TRow> rows) => Count(rows, rows.Count);

    private IEnumerable<LedgerEvent> CountEach(IEnumerable<LedgerEvent> events)
    {
        foreach (var e in events)
        {
            Rows++;
            yield return e;
        }
    }

    private sealed class Writer(CountingStore c, ILedgerWriter w) : ILedgerWriter
    {
        public LedgerEvent Append(NewEvent e) => w.Append(e);

        public void PutTask(string id, string phase, string title, string? session, string updated, string json) => w.PutTask(id, phase, title, session, updated, json);

        public void PutRecord(string kind, string key, string? task, string value) => w.PutRecord(kind, key, task, value);

        public void DeleteRecord(string kind, string key) => w.DeleteRecord(kind, key);

        public string? GetTaskJson(string id) => c.Count(w.GetTaskJson(id), 1);

        public IReadOnlyList<TaskRow> ListTasks() => c.Counted(w.ListTasks());

        public IReadOnlyList<TaskRow> TasksOfSession(string session) => c.Counted(w.TasksOfSession(session));

        public string? GetRecord(string kind, string key) => c.Count(w.GetRecord(kind, key), 1);

        public IReadOnlyList<(string Key, string Value)> ListRecords(string kind, string? task = null) => c.Counted(w.ListRecords(kind, task));

        public LedgerEvent? Head() => c.Count(w.Head(), 1);

        public LedgerEvent? GetEvent(long seq) => c.Count(w.GetEvent(seq), 1);

        public IReadOnlyList<LedgerEvent> FindByHashPrefix(string prefix) => c.Counted(w.FindByHashPrefix(prefix));

        public IEnumerable<LedgerEvent> Events(string? task = null, long afterSeq = 0) => c.CountEach(w.Events(task, afterSeq));

        public ChainReport Verify() => w.Verify();
    }
}
