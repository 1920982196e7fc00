using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Testing.Ledger;

/// <summary>
/// Forgeries inside the SQLite file that leave every event's bytes and hash as they were. An index rebuilt to other content
/// (or order) under kos's definition changes what reads by task return, so <c>kos trace T</c> silently shows a task without
/// some of its events; a text column turned into a blob of the same bytes hides its event from reads by that column; a
/// trigger would run inside kos's own appends. <c>trace verify</c> holds the task index to the events the chain holds and
/// to its order, checks any index kos did not make row by row, refuses misstored columns, and reports triggers, which kos's
/// connections never run.
/// </summary>
[Trait("Category", "LocalLedger")] // forges indexes inside the embedded SQLite file
public sealed class StorageForgeryTests : IDisposable
{
    private const string TaskIndex = "CREATE INDEX events_task ON events(task) WHERE task IS NOT NULL";

    private readonly TempRepo _repo = new();
    private readonly string _task;

    public StorageForgeryTests()
    {
        KosProcess.Ok(_repo.Root, "init");
        KosProcess.Ok(_repo.Root, "create-task", "Index me", "--quick", "--scope", "src/**");
        KosProcess.Ok(_repo.Root, "create-task", "Index me too", "--quick", "--scope", "docs/**");
        _task = Scalar("SELECT task FROM events WHERE task IS NOT NULL ORDER BY seq LIMIT 1");
        Assert.Equal(0, Verify().Code);
    }

    private string Ledger => _repo.PathOf(".agent-os/state/ledger.db");

    private ProcessRun Verify() => KosProcess.Run(_repo.Root, "trace", "verify");

    private long TaskEventsShown(string? task = null) => KosProcess.Ok(_repo.Root, "trace", task ?? _task).Out
        .Split('\n', StringSplitOptions.RemoveEmptyEntries).LongCount(l => l.Contains(task ?? _task, StringComparison.Ordinal));

    private string Scalar(string sql)
    {
        using var db = new SqliteConnection($"Data Source={Ledger};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>Builds <paramref name="built"/> as the index <paramref name="name"/>, then makes the schema claim <paramref name="claimed"/>.</summary>
    private void Forge(string name, string built, string claimed, bool dropTaskIndex)
    {
        using var db = new SqliteConnection($"Data Source={Ledger};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = (dropTaskIndex ? "DROP INDEX events_task;" : "") + built + ";";
        cmd.ExecuteNonQuery();
        cmd.CommandText = "PRAGMA writable_schema=ON; UPDATE sqlite_schema SET sql = $sql WHERE type = 'index' AND name = $name; PRAGMA writable_schema=OFF;";
        cmd.Parameters.AddWithValue("$sql", claimed);
        cmd.Parameters.AddWithValue("$name", name);
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }

    [Fact]
    public void a_task_index_that_hides_one_of_its_events_is_caught()
    {
        var shown = TaskEventsShown();
        var victim = Scalar($"SELECT max(seq) FROM events WHERE task = '{_task}'");
        Forge("events_task", $"CREATE INDEX events_task ON events(task) WHERE task IS NOT NULL AND seq <> {victim}", TaskIndex, dropTaskIndex: true);

        // The forgery works: the task's timeline lost an event, and no event or hash changed.
        Assert.Equal(shown - 1, TaskEventsShown());
        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.DoesNotContain("TRACE_OK", r.Out, StringComparison.Ordinal);
        Assert.Contains($"task '{_task}'", r.Out, StringComparison.Ordinal);
        Assert.Contains("events_task", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_task_index_built_over_another_column_is_caught()
    {
        Forge("events_task", "CREATE INDEX events_task ON events(actor) WHERE task IS NOT NULL", TaskIndex, dropTaskIndex: true);

        Assert.Equal(0, TaskEventsShown());
        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains("events_task", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_task_index_that_moves_an_event_to_another_task_is_caught()
    {
        // Same number of entries per task is not enough to pass: the other task gains one seq and gives up another.
        var other = Scalar($"SELECT task FROM events WHERE task IS NOT NULL AND task <> '{_task}' LIMIT 1");
        var mine = Scalar($"SELECT max(seq) FROM events WHERE task = '{_task}'");
        var theirs = Scalar($"SELECT max(seq) FROM events WHERE task = '{other}'");
        Forge("events_task",
            $"CREATE INDEX events_task ON events(CASE seq WHEN {mine} THEN '{other}' WHEN {theirs} THEN '{_task}' ELSE task END) WHERE task IS NOT NULL",
            TaskIndex, dropTaskIndex: true);

        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains("hold different events", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void an_index_kos_did_not_make_is_checked_row_by_row()
    {
        // An extra index the planner may prefer for reads by type, built without one event and claiming to hold them all.
        var victim = Scalar("SELECT max(seq) FROM events WHERE type = 'task.routed'");
        Forge("events_type", $"CREATE INDEX events_type ON events(type) WHERE seq <> {victim}", "CREATE INDEX events_type ON events(type)", dropTaskIndex: false);

        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains("events_type", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_task_index_built_in_the_opposite_order_is_caught()
    {
        // Every entry is there, so a walk of the whole index agrees with the chain; a search through it goes the wrong way.
        var other = Scalar($"SELECT task FROM events WHERE task IS NOT NULL AND task <> '{_task}' LIMIT 1");
        var shown = TaskEventsShown() + TaskEventsShown(other);
        Forge("events_task", "CREATE INDEX events_task ON events(task DESC) WHERE task IS NOT NULL", TaskIndex, dropTaskIndex: true);

        Assert.True(TaskEventsShown() + TaskEventsShown(other) < shown);
        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains("its task index (events_task) is out of order", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_task_index_entry_stored_as_a_blob_is_caught()
    {
        // The same bytes as the task's name, as a blob: no read by task finds it, and a digest of bytes alone would pass it.
        var victim = Scalar($"SELECT max(seq) FROM events WHERE task = '{_task}'");
        Forge("events_task", $"CREATE INDEX events_task ON events(CASE seq WHEN {victim} THEN CAST(task AS BLOB) ELSE task END) WHERE task IS NOT NULL",
            TaskIndex, dropTaskIndex: true);

        var shown = TaskEventsShown();
        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains($"files event {victim} under a task that is not text", r.Out, StringComparison.Ordinal);
        Assert.True(shown > 0);
    }

    [Theory]
    [InlineData("task")]
    [InlineData("type")]
    [InlineData("actor")]
    public void an_event_whose_text_column_is_turned_into_a_blob_of_the_same_bytes_is_caught(string column)
    {
        // Its hash still holds (the same bytes), but reads by task or type no longer find it: the event is altered.
        var shown = TaskEventsShown();
        var victim = Scalar($"SELECT max(seq) FROM events WHERE task = '{_task}'");
        using (var db = new SqliteConnection($"Data Source={Ledger};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"UPDATE events SET {column} = CAST({column} AS BLOB) WHERE seq = {victim}";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }

        if (column == "task")
        {
            Assert.Equal(shown - 1, TaskEventsShown());
        }

        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains($"TRACE_BROKEN at seq {victim}: event {victim} was altered after it was written (its {column} is stored as a blob, not text)", r.Out,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AFTER INSERT ON events BEGIN DELETE FROM events WHERE seq = NEW.seq; END")]
    [InlineData("BEFORE INSERT ON events BEGIN SELECT RAISE(IGNORE); END")]
    public void a_trigger_written_into_the_file_does_not_run_in_kos_s_appends_and_is_reported(string trigger)
    {
        // Run inside kos's appends, either would make each new event vanish while the chain still links.
        var before = long.Parse(Scalar("SELECT count(*) FROM events"), System.Globalization.CultureInfo.InvariantCulture);
        using (var db = new SqliteConnection($"Data Source={Ledger};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"CREATE TRIGGER vanish {trigger}";
            cmd.ExecuteNonQuery();
        }

        KosProcess.Ok(_repo.Root, "note", "kept one");
        KosProcess.Ok(_repo.Root, "note", "kept two");
        Assert.Equal(before + 2, long.Parse(Scalar("SELECT count(*) FROM events"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("kept two", KosProcess.Ok(_repo.Root, "trace").Out, StringComparison.Ordinal);

        var r = Verify();
        Assert.NotEqual(0, r.Code);
        Assert.Contains("the file holds a trigger kos did not make: 'vanish' on 'events'", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_ledger_without_its_task_index_still_verifies()
    {
        // Per-task reads then scan the table, which is what the chain holds: nothing to hide behind.
        using (var db = new SqliteConnection($"Data Source={Ledger};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "DROP INDEX events_task";
            cmd.ExecuteNonQuery();
        }

        Assert.StartsWith("TRACE_OK", Verify().Out, StringComparison.Ordinal);
        Assert.True(TaskEventsShown() > 0);
    }

    public void Dispose() => _repo.Dispose();
}
