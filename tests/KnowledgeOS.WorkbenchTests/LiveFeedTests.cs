using KnowledgeOS.Project;
using KnowledgeOS.Serve.Hosting;
using KnowledgeOS.Serve.Live;
using KnowledgeOS.Serve.Views;
using KnowledgeOS.Tasks;
using KnowledgeOS.Testing;

namespace KnowledgeOS.WorkbenchTests;

/// <summary>The ledger feed behind the live pages, driven in-process against a real ledger written by the real kos.</summary>
public sealed class LiveFeedTests
{
    private static (LedgerFeed Feed, Kernel Kernel) Feed(ServedRepo s)
    {
        var project = KosProject.LocateInitialised(s.Repo.Root);
        var wb = new Workbench(project, "user:tester", TimeProvider.System, "token");
        var feed = new LedgerFeed(wb, new TreeDigest(project, TimeProvider.System));
        var kernel = wb.OpenKernel();
        feed.Poll(kernel);
        return (feed, kernel);
    }

    [Fact]
    public void The_feed_sends_only_the_events_after_the_last_seq_it_saw_each_with_its_tasks_card()
    {
        using var s = new ServedRepo();
        var task = s.Task("Live card", "--quick", "--scope", "docs/**");
        var (feed, kernel) = Feed(s);
        using var _ = kernel;
        var start = feed.Seen;
        var (reader, unsubscribe, gap) = feed.Subscribe(start);

        s.Kos("note", "first", "--task", task);
        s.Kos("block", task, "--reason", "waiting for a review");
        feed.Poll(kernel);
        feed.Poll(kernel);

        Assert.False(gap);
        var got = new List<LiveMessage>();
        while (reader.TryRead(out var m))
        {
            got.Add(m);
        }

        Assert.Equal([start + 1, start + 2], got.Select(m => m.Seq));
        Assert.Equal(["note", "task.blocked"], got.Select(m => m.Type));
        Assert.Null(got[0].Card); // an older message of the same task in one batch goes without a card
        Assert.Equal("blocked", got[1].Phase);
        Assert.Contains($"id=\"card-{task}\"", got[1].Card, StringComparison.Ordinal);
        Assert.Equal(start + 2, feed.Seen);
        unsubscribe();
    }

    [Fact]
    public void A_stream_that_reconnects_gets_what_it_missed_from_the_recent_buffer()
    {
        using var s = new ServedRepo();
        var (feed, kernel) = Feed(s);
        using var _ = kernel;
        var start = feed.Seen;
        s.Kos("note", "one");
        feed.Poll(kernel);
        s.Kos("note", "two");
        feed.Poll(kernel);

        var (reader, unsubscribe, gap) = feed.Subscribe(start + 1);

        Assert.False(gap);
        Assert.True(reader.TryRead(out var missed));
        Assert.Equal(start + 2, missed.Seq);
        Assert.False(reader.TryRead(out var _));
        unsubscribe();
    }

    [Fact]
    public void A_card_shows_claim_lease_scope_evidence_and_violations_from_the_kernel()
    {
        using var s = new ServedRepo();
        var task = s.Task("Claimed", "--quick", "--scope", "docs/**", "--agent", "claude", "--session", "sess-9");
        var project = KosProject.LocateInitialised(s.Repo.Root);
        using var k = Kernel.Open(s.Repo.Root, TimeProvider.System, "user:tester", null);

        var card = Card.Load(k, k.Store, task, new TreeDigest(project, TimeProvider.System), DateTimeOffset.UtcNow)!;

        Assert.Equal("sess-9", card.ClaimHolder);
        Assert.True(card.LeaseLive);
        Assert.InRange(card.LeaseLeft!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.Equal(["docs/**"], card.Scope);
        Assert.Equal(Evidence.EvidenceState.None, card.Evidence);
        Assert.Equal(0, card.Violations);
    }

    [Fact]
    public void The_boards_task_index_follows_phase_changes_from_the_events_the_feed_reads_and_matches_the_projection()
    {
        using var s = new ServedRepo();
        var first = s.Task("First", "--quick", "--scope", "docs/**");
        var second = s.Task("Second", "--quick", "--scope", "src/**");
        var (feed, kernel) = Feed(s);
        using var _ = kernel;
        var project = KosProject.LocateInitialised(s.Repo.Root);
        var digest = new TreeDigest(project, TimeProvider.System);
        Assert.Equal(feed.Seen, feed.Tasks.Seq);
        Assert.Equal(2, feed.Tasks.Newest(Phase.Execute, 200).Total);

        s.Kos("block", first, "--reason", "waiting");
        var third = s.Task("Third", "--quick", "--scope", "lib/**");
        Assert.Equal(2, feed.Tasks.Newest(Phase.Execute, 200).Total); // not read yet: the index is as of its seq
        feed.Poll(kernel);

        Assert.Equal(feed.Seen, feed.Tasks.Seq);
        Assert.Equal([first], feed.Tasks.Newest(Phase.Blocked, 200).Ids);
        Assert.Equal([third, second], feed.Tasks.Newest(Phase.Execute, 200).Ids);
        var capped = feed.Tasks.Newest(Phase.Execute, 1);
        Assert.Equal([third], capped.Ids);
        Assert.Equal(2, capped.Total);
        var now = DateTimeOffset.UtcNow;
        var fromIndex = Board.Load(kernel, digest, now, feed.Tasks);
        var fromProjection = Board.Load(kernel, digest, now);
        Assert.Equal(fromProjection.HeadSeq, fromIndex.HeadSeq);
        Assert.Equal(
            fromProjection.Columns.Select(c => (c.Phase, c.Total, string.Join(',', c.Cards.Select(x => x.Id)))),
            fromIndex.Columns.Select(c => (c.Phase, c.Total, string.Join(',', c.Cards.Select(x => x.Id)))));
    }
}
