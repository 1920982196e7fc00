using KnowledgeOS.Events;
using KnowledgeOS.Evidence;
using KnowledgeOS.Postflight;
using KnowledgeOS.Project;
using KnowledgeOS.Testing;
using Microsoft.Data.Sqlite;

namespace KnowledgeOS.Tests.Postflight;

/// <summary>
/// An incremental postflight folds only the task events after its checkpoint onto the task replay kept there
/// (anchored outside the ledger), yet still catches what the full run catches since then: an edited task row, a
/// replay edited to match it, an edited task record, a changed tree, a rewritten task event.
/// </summary>
public sealed class IncrementalProjectionTests : IDisposable
{
    private static readonly ChainPolicy Partial = new(FullBelow: 10, AuditEvents: 5);
    private readonly TempRepo _repo = new();
    private readonly InProcess _kos;

    public IncrementalProjectionTests()
    {
        _kos = new InProcess(_repo.Root);
        _kos.Ok("init");
        Notes(20);
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void task_moves_after_the_checkpoint_fold_onto_the_kept_replay_and_agree_with_a_full_replay()
    {
        Create("First", "src/a/**", "s1");
        var first = Clean();
        Assert.NotNull(first.Fold);
        var second = Create("Second", "src/b/**", "s2");
        _kos.Ok("abandon", Create("Third", "src/c/**", "s3"), "--reason", "not needed");
        Notes(3);

        var incremental = Clean();
        Assert.Equal("incremental", incremental.Chain!.Mode);
        var full = Run(full: true);
        Assert.True(full.Ok, string.Join("; ", full.Problems));
        Assert.Equal("full", full.Chain!.Mode);
        Assert.Equal(Json(full.Fold!), Json(incremental.Fold!));
        Assert.Contains(incremental.Fold!.Tasks, t => t.Id == second && t.Session == "s2" && t.Scope.SequenceEqual(["src/b/**"]));
    }

    [Fact]
    public void a_task_row_edited_after_the_checkpoint_fails_the_incremental_postflight()
    {
        var id = Create("First", "src/a/**", "s1");
        Clean();
        Notes(2);
        Sql($"UPDATE tasks SET state = replace(state, 'src/a/**', '**') WHERE id = '{id}'");

        var report = Run(full: false);
        Assert.Equal("incremental", report.Chain!.Mode);
        Assert.Contains(report.Problems, p => p.Check == "projections" && p.Message.Contains(id, StringComparison.Ordinal) && p.Message.Contains("scope", StringComparison.Ordinal));
    }

    [Fact]
    public void a_kept_replay_edited_to_match_edited_rows_is_not_used_and_the_rows_still_fail()
    {
        var id = Create("First", "src/a/**", "s1");
        Clean();
        Notes(2);
        // Everything inside the ledger agrees on the wider scope: the task row, its scope index entry and the kept replay.
        Sql($"UPDATE tasks SET state = replace(state, 'src/a/**', '**') WHERE id = '{id}'");
        Sql($"UPDATE records SET value = replace(value, 'src/a/**', '**') WHERE kind = 'scope' AND key = '{id}'");
        Sql($"UPDATE records SET value = replace(value, 'src/a/**', '**') WHERE kind = '{ProjectionFold.RecordKind}'");

        var report = Run(full: false);
        Assert.Equal("incremental", report.Chain!.Mode);
        Assert.Contains(report.Notes, n => n.Contains("does not match its anchor", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Check == "projections" && p.Message.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public void a_task_event_rewritten_after_the_checkpoint_fails_the_incremental_postflight()
    {
        Create("First", "src/a/**", "s1");
        Clean();
        var id = Create("Second", "src/b/**", "s2");
        var routed = Seq($"SELECT seq FROM events WHERE task = '{id}' AND type = '{EventCatalog.TaskRouted.Name}'");
        Sql($"UPDATE events SET payload = '{{\"phase\":\"route\",\"scope\":[\"**\"]}}' WHERE seq = {routed}");

        var report = Run(full: false);
        Assert.Equal("incremental", report.Chain!.Mode);
        Assert.Contains(report.Problems, p => p.Check == "ledger" && p.Message.Contains($"seq {routed}", StringComparison.Ordinal));
    }

    [Fact]
    public void a_task_record_edited_after_the_checkpoint_fails_the_incremental_postflight()
    {
        var id = Create("First", "src/a/**", "s1");
        string record;
        using (var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", null))
        {
            record = TaskRecord.Write(k, k.FindTask(k.Store, id)!);
        }

        Clean();
        Notes(2);
        var text = File.ReadAllText(record);
        var phase = text.Split('\n').First(l => l.StartsWith("phase:", StringComparison.Ordinal));
        File.WriteAllText(record, text.Replace(phase, "phase: done", StringComparison.Ordinal));

        var report = Run(full: false);
        Assert.Equal("incremental", report.Chain!.Mode);
        Assert.Contains(report.Problems, p => p.Check == "task-records" && p.Message.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public void a_tree_changed_after_the_checkpoint_fails_the_incremental_postflight()
    {
        Create("First", "src/a/**", "s1");
        Clean();
        _repo.Write("outside/forged.txt", "written by no task");

        var report = Run(full: false);
        Assert.Equal("incremental", report.Chain!.Mode);
        Assert.Contains(report.Problems, p => p.Message.Contains("outside/forged.txt", StringComparison.Ordinal));
    }

    private string Create(string title, string scope, string session)
    {
        _kos.Ok("create-task", title, "--quick", "--scope", scope, "--session", session);
        using var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", null);
        return k.Store.ListTasks().Single(t => t.Title == title).Id;
    }

    private PostflightReport Clean()
    {
        var report = Run(full: false);
        Assert.True(report.Ok, string.Join("; ", report.Problems));
        return report;
    }

    private PostflightReport Run(bool full)
    {
        using var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", null);
        return k.Postflight.Run(_ => null, full, Partial).Report;
    }

    private void Notes(int n)
    {
        using var k = Kernel.Open(_repo.Root, TimeProvider.System, "user:tester", null);
        for (var i = 0; i < n; i++)
        {
            k.Store.Write(w => k.Append(w, EventCatalog.Note, null, new NoteRecorded($"note {i}")));
        }
    }

    private static string Json(ProjectionFold fold) => System.Text.Json.JsonSerializer.Serialize(fold with { Through = 0 }, FoldJson.Default.ProjectionFold);

    private SqliteConnection Open()
    {
        var c = new SqliteConnection($"Data Source={KosProject.Locate(_repo.Root).LedgerPath};Pooling=false");
        c.Open();
        return c;
    }

    private long Seq(string sql)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private void Sql(string sql)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }
}
