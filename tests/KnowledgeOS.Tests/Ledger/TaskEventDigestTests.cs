using System.Text;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Tests.Ledger;

public sealed class TaskEventDigestTests
{
    private static readonly TaskEventDigest.Points At = TaskEventDigest.Points.Draw();

    private static TaskEventDigest Of(params (string Task, long Seq)[] events)
    {
        var d = new TaskEventDigest(At);
        foreach (var (task, seq) in events)
        {
            d.Add(Encoding.UTF8.GetBytes(task), seq);
        }

        return d;
    }

    [Fact]
    public void the_same_events_read_in_any_order_or_in_stretches_agree()
    {
        var events = Enumerable.Range(1, 5000).Select(i => ($"T-{i % 37}", (long)i)).ToArray();
        var whole = Of(events);
        var byTask = Of([.. events.OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2)]);
        var stretches = Of(events[..1000]);
        stretches.Include(Of(events[1000..3000]));
        stretches.Include(Of(events[3000..]));

        Assert.Null(whole.FirstDifference(byTask, "a", "b"));
        Assert.Null(whole.FirstDifference(stretches, "a", "b"));
        Assert.Equal(5000, stretches.Events);
    }

    [Fact]
    public void a_missing_extra_or_moved_event_is_named_with_its_task()
    {
        var events = Enumerable.Range(1, 100).Select(i => ($"T-{i % 3}", (long)i)).ToArray();
        var table = Of(events);

        Assert.Equal("the chain holds 33 event(s) of task 'T-0', the index 32",
            table.FirstDifference(Of([.. events.Where(e => e.Item2 != 99)]), "the chain", "the index"));
        Assert.Equal("the chain holds 34 event(s) of task 'T-1', the index 35",
            table.FirstDifference(Of([.. events, ("T-1", 101)]), "the chain", "the index"));
        Assert.Equal("the chain holds 0 event(s) of task 'T-9', the index 1",
            table.FirstDifference(Of([.. events, ("T-9", 5)]), "the chain", "the index"));

        // Counts kept per task, contents swapped: T-0 gets 4 (a T-1 event), T-1 gets 3.
        var swapped = events.Select(e => e.Item2 == 3 ? ("T-1", 3L) : e.Item2 == 4 ? ("T-0", 4L) : e).ToArray();
        Assert.Equal("the chain and the index hold different events of task 'T-0' (33 each)",
            table.FirstDifference(Of(swapped), "the chain", "the index"));

        // The same count with one seq replaced by another.
        var shifted = events.Select(e => e.Item2 == 50 ? (e.Item1, 5000L) : e).ToArray();
        Assert.NotNull(table.FirstDifference(Of(shifted), "the chain", "the index"));
    }

    [Fact]
    public void task_names_are_compared_byte_for_byte()
    {
        var a = new TaskEventDigest(At);
        var b = new TaskEventDigest(At);
        a.Add([0xFF, 0x41], 1);
        b.Add([0xFE, 0x41], 1);
        Assert.Equal("a holds 0 event(s) of task 0xfe41, b 1", a.FirstDifference(b, "a", "b"));
    }

    [Fact]
    public void a_seq_no_ledger_reaches_never_passes()
    {
        var a = Of(("T-1", 1));
        var b = Of(("T-1", 1));
        b.Add("T-1"u8, -4);
        Assert.Equal("an event has seq -4, which no ledger reaches", a.FirstDifference(b, "a", "b"));
    }

    [Fact]
    public void digests_at_different_points_cannot_be_compared()
    {
        var a = new TaskEventDigest(new TaskEventDigest.Points(3, 5));
        var b = new TaskEventDigest(new TaskEventDigest.Points(3, 6));
        Assert.Throws<ArgumentException>(() => a.FirstDifference(b, "a", "b"));
        Assert.Throws<ArgumentException>(() => a.Include(b));
    }
}
