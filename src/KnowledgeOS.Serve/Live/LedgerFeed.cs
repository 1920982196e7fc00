using System.Threading.Channels;
using KnowledgeOS.Ledger;
using KnowledgeOS.Serve.Hosting;
using KnowledgeOS.Serve.Pages;
using KnowledgeOS.Serve.Views;
using KnowledgeOS.Tasks;
using Microsoft.Extensions.Hosting;

namespace KnowledgeOS.Serve.Live;

/// <summary>
/// Follows the ledger from the last seq it has seen: every poll asks for the head seq (one indexed
/// row), and only when it moved reads the events after it — never the ledger from the start. Each new
/// event goes to every open live stream, with the card of its task rendered once for all of them.
/// </summary>
internal sealed class LedgerFeed(Workbench workbench, TreeDigest digest) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private const int Recent = 512;

    private readonly Lock _gate = new();
    private readonly List<Channel<LiveMessage>> _subscribers = [];
    private readonly LinkedList<LiveMessage> _recent = new();

    /// <summary>The last seq read from the ledger (the live streams start after it).</summary>
    public long Seen { get; private set; } = -1;

    /// <summary>Whether the ledger could not be read at the last poll (the pages then show why).</summary>
    public string? Problem { get; private set; }

    public UsageIndex Usage { get; } = new();

    /// <summary>Every task's phase and last change as of <see cref="Seen"/> (the board's columns).</summary>
    public TaskIndex Tasks { get; } = new();

    private string? _lastHash;
    private Task? _verify;

    /// <summary>
    /// Why the hash chain is broken, or null while it holds: the whole chain is walked once at start
    /// (in the background), and each event read later must link to the one before it.
    /// </summary>
    public string? ChainProblem { get; private set; }

    /// <summary>Subscribes a stream; <paramref name="after"/> replays what it missed while the recent buffer still holds it.</summary>
    public (ChannelReader<LiveMessage> Reader, Action Unsubscribe, bool Gap) Subscribe(long after)
    {
        var channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        bool gap;
        lock (_gate)
        {
            gap = after >= 0 && Seen > after && (_recent.First is null || _recent.First.Value.Seq > after + 1);
            foreach (var m in _recent.Where(m => m.Seq > after))
            {
                channel.Writer.TryWrite(m);
            }

            _subscribers.Add(channel);
        }

        return (channel.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }

            channel.Writer.TryComplete();
        }, gap);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        Kernel? kernel = null;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    kernel ??= workbench.OpenKernel();
                    Poll(kernel);

                    // After the first poll, which loads the board's task index: the walk keeps every core busy for a while.
                    _verify ??= Task.Run(VerifyOnce, stop);
                    Problem = null;
                }
                catch (Exception e) when (e is KosException or System.Data.Common.DbException or IOException)
                {
                    Problem = e.Message;
                    kernel?.Dispose();
                    kernel = null;
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            kernel?.Dispose();
        }
    }

    private void VerifyOnce()
    {
        try
        {
            using var k = workbench.OpenKernel();
            var report = k.Store.Verify();
            if (!report.Ok)
            {
                ChainProblem ??= $"The ledger's hash chain is broken at event {report.FirstBadSeq}: {report.Problem}. Events before it are intact.";
            }
        }
        catch (Exception e) when (e is KosException or System.Data.Common.DbException or IOException)
        {
            ChainProblem ??= $"The ledger could not be verified: {e.Message}";
        }
    }

    /// <summary>Reads the events after <see cref="Seen"/> and hands them to the subscribers.</summary>
    internal void Poll(Kernel k)
    {
        var headEvent = k.Store.Head();
        var head = headEvent?.Seq ?? 0;
        if (Seen < 0)
        {
            Tasks.Load(k.Store, head);
            Seen = head;
            _lastHash = headEvent?.Hash;
            Usage.Follow(head);
            return;
        }

        if (head <= Seen)
        {
            return;
        }

        var events = k.Store.Events(afterSeq: Seen).ToList();
        foreach (var e in events)
        {
            if (_lastHash is not null && !string.Equals(e.PrevHash, _lastHash, StringComparison.Ordinal))
            {
                ChainProblem ??= $"The ledger's hash chain is broken at event {e.Seq}: it does not link to event {e.Seq - 1}.";
            }

            _lastHash = e.Hash;
        }

        var cards = new Dictionary<string, (string? Phase, string? Html)>(StringComparer.Ordinal);
        var now = workbench.Clock.GetUtcNow();
        var states = new List<(string, TaskState?)>();
        foreach (var task in events.Select(e => e.Task).OfType<string>().Distinct())
        {
            var state = k.FindTask(k.Store, task);
            states.Add((task, state));
            var card = state is null ? null : Card.For(k.Store, state, digest, now);
            cards[task] = (card?.Phase.Name(), card is null ? null : CardHtml.Render(card));
        }

        Tasks.Update(states, events[^1].Seq);

        var messages = events.Select(e => e.Task is { } t && cards.TryGetValue(t, out var c)
            ? new LiveMessage(e.Seq, e.Type, t, c.Phase, c.Html)
            : new LiveMessage(e.Seq, e.Type, e.Task, null, null)).ToList();
        Usage.Add(events);
        Publish(messages, events[^1].Seq);
    }

    private void Publish(IReadOnlyList<LiveMessage> messages, long last)
    {
        // Only the newest card of a task matters to a board; older messages in the batch go without it.
        var newest = new HashSet<string>(StringComparer.Ordinal);
        var sent = new LiveMessage[messages.Count];
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var m = messages[i];
            sent[i] = m.Task is not null && !newest.Add(m.Task) ? m with { Card = null } : m;
        }

        lock (_gate)
        {
            foreach (var m in sent)
            {
                _recent.AddLast(m);
                if (_recent.Count > Recent)
                {
                    _recent.RemoveFirst();
                }

                foreach (var s in _subscribers)
                {
                    s.Writer.TryWrite(m);
                }
            }

            Seen = last;
        }
    }
}
