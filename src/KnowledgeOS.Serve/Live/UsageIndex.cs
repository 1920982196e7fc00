using System.Text.Json.Nodes;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Serve.Live;

/// <summary>When a capability was last used, by registry entry.</summary>
internal sealed record LastUse(string Time, string Verdict, string Actor, long Seq);

/// <summary>
/// The registry page's "last use" column. The ledger keeps no projection of it, so the first visit
/// reads the capability events once, in the background, up to the seq the feed started at; the
/// feed adds every later event as it arrives.
/// </summary>
internal sealed class UsageIndex
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LastUse> _last = new(StringComparer.Ordinal);
    private long _followFrom = -1;
    private Task? _scan;

    /// <summary>Whether the first scan is done (until then the page says it is counting).</summary>
    public bool Ready => _scan is { IsCompletedSuccessfully: true };

    public LastUse? Of(string entryKey)
    {
        lock (_gate)
        {
            return _last.GetValueOrDefault(entryKey);
        }
    }

    /// <summary>Starts the one-time scan of history (events up to the seq the feed started following at).</summary>
    public void EnsureScanned(Func<Kernel> open)
    {
        lock (_gate)
        {
            if (_scan is not null || _followFrom < 0)
            {
                return;
            }

            var upTo = _followFrom;
            _scan = Task.Run(() =>
            {
                using var k = open();
                foreach (var e in k.Store.Events())
                {
                    if (e.Seq > upTo)
                    {
                        break;
                    }

                    Note(e, onlyIfNewer: true);
                }
            });
        }
    }

    public void Follow(long seq) => _followFrom = seq;

    public void Add(IEnumerable<LedgerEvent> events)
    {
        foreach (var e in events)
        {
            Note(e, onlyIfNewer: true);
        }
    }

    private void Note(LedgerEvent e, bool onlyIfNewer)
    {
        if (!e.Type.StartsWith("capability.", StringComparison.Ordinal) || e.Type == "capability.result")
        {
            return;
        }

        var p = JsonNode.Parse(e.Payload) as JsonObject;
        if (p?["entry"]?.ToString() is not { Length: > 0 } key)
        {
            return;
        }

        lock (_gate)
        {
            if (!onlyIfNewer || !_last.TryGetValue(key, out var had) || had.Seq < e.Seq)
            {
                _last[key] = new LastUse(e.Time, p["verdict"]?.ToString() ?? e.Type["capability.".Length..], e.Actor, e.Seq);
            }
        }
    }
}
