using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeOS.Ledger;

/// <summary>What checking a marker line against the ledger found.</summary>
public enum MarkerStatus
{
    /// <summary>The marker quotes a real event and says what that event says.</summary>
    Valid,
    /// <summary>The marker's hash is not in the ledger, or the event says something else.</summary>
    Forged,
    /// <summary>The line holds no marker kos issues.</summary>
    NotAMarker,
}

public sealed record MarkerCheck(string Line, MarkerStatus Status, string Explanation, LedgerEvent? Event);

/// <summary>
/// Markers are claims that can be checked: each quotes the hash of the event that backs it, so a
/// marker typed by an agent (or copied from another task) is caught.
/// </summary>
public static partial class Markers
{
    [GeneratedRegex(@"CHECKPOINT_OK\s+(?<task>T-[0-9a-z]+)\s+(?<phase>[a-z]+)\s+(?<hash>[0-9a-f]{8,64})\b")]
    private static partial Regex Checkpoint();

    [GeneratedRegex(@"CAPABILITY_OK\s+(?<cap>\S+)\s+(?<task>T-[0-9a-z]+|-)\s+(?<hash>[0-9a-f]{8,64})\b")]
    private static partial Regex Capability();

    [GeneratedRegex(@"TRACE_OK\s+(?<count>\d+)\s+events\s+head\s+(?<hash>[0-9a-f]{8,64})\b")]
    private static partial Regex Trace();

    [GeneratedRegex(@"\[SYNC_OK\]\s+(?:head\s+)?(?<hash>[0-9a-f]{8,64})\b")]
    private static partial Regex Sync();

    [GeneratedRegex(@"CHECKPOINT_OK|CAPABILITY_OK|TRACE_OK|\[SYNC_OK\]")]
    private static partial Regex AnyMarker();

    /// <summary>Every marker-looking line in <paramref name="text"/>.</summary>
    public static IEnumerable<string> Find(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => AnyMarker().IsMatch(l));

    public static MarkerCheck Verify(ILedgerReader ledger, string line)
    {
        line = line.Trim();
        if (Checkpoint().Match(line) is { Success: true } c)
        {
            return ByHash(ledger, line, c.Groups["hash"].Value, e =>
                e.Task == c.Groups["task"].Value && PayloadString(e, "phase") == c.Groups["phase"].Value
                    ? null
                    : $"event {e.Seq} is {e.Type} of {e.Task ?? "no task"}, not {c.Groups["task"].Value} entering {c.Groups["phase"].Value}",
                e => $"{e.Task} entered phase {PayloadString(e, "phase")} at {e.Time} ({e.Type} by {e.Actor}, event {e.Seq})");
        }

        if (Capability().Match(line) is { Success: true } k)
        {
            var task = k.Groups["task"].Value == "-" ? null : k.Groups["task"].Value;
            return ByHash(ledger, line, k.Groups["hash"].Value, e =>
                e.Type.StartsWith("capability", StringComparison.Ordinal) && e.Task == task && PayloadString(e, "capability") == k.Groups["cap"].Value
                    ? null
                    : $"event {e.Seq} is {e.Type}, not a use of {k.Groups["cap"].Value} by {task ?? "no task"}",
                e => $"{k.Groups["cap"].Value} was used for {task ?? "no task"} at {e.Time} (session {e.Session ?? "none"}, event {e.Seq})");
        }

        if (Trace().Match(line) is { Success: true } t)
        {
            var count = long.Parse(t.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var e = ledger.GetEvent(count);
            return e is not null && e.Hash.StartsWith(t.Groups["hash"].Value, StringComparison.Ordinal)
                ? new MarkerCheck(line, MarkerStatus.Valid, $"the ledger had {count} events with head {e.ShortHash} at {e.Time}", e)
                : new MarkerCheck(line, MarkerStatus.Forged, $"the ledger's event {count} {(e is null ? "does not exist" : "has hash " + e.ShortHash)}{(e is null ? Archived(ledger) : "")}", e);
        }

        if (Sync().Match(line) is { Success: true } s)
        {
            return ByHash(ledger, line, s.Groups["hash"].Value,
                e => e.Type == Events.EventCatalog.PostflightOk.Name ? null : $"event {e.Seq} is {e.Type}, not a clean postflight",
                e => $"postflight was clean at {e.Time} (event {e.Seq})");
        }

        return AnyMarker().IsMatch(line)
            ? new MarkerCheck(line, MarkerStatus.Forged, "the marker does not quote an event hash in the form kos prints", null)
            : new MarkerCheck(line, MarkerStatus.NotAMarker, "no kos marker on this line", null);
    }

    private static MarkerCheck ByHash(ILedgerReader ledger, string line, string prefix, Func<LedgerEvent, string?> mismatch, Func<LedgerEvent, string> attests)
    {
        var events = ledger.FindByHashPrefix(prefix);
        if (events.Count == 0)
        {
            return new MarkerCheck(line, MarkerStatus.Forged, $"no event in the ledger has a hash starting {prefix}{Archived(ledger)}", null);
        }

        foreach (var e in events)
        {
            if (mismatch(e) is null)
            {
                return new MarkerCheck(line, MarkerStatus.Valid, attests(e), e);
            }
        }

        return new MarkerCheck(line, MarkerStatus.Forged, mismatch(events[0])!, events[0]);
    }

    /// <summary>Why a marker may quote an event that is no longer live: it was archived (markers are checked against the live ledger only).</summary>
    private static string Archived(ILedgerReader ledger) => ledger.Archives() is [.., var last]
        ? $" (events 1..{last.LastSeq} are archived, and markers are checked against the live ledger only: 'kos trace --all' shows the archived history)"
        : "";

    public static string? PayloadString(LedgerEvent e, string property)
    {
        using var doc = JsonDocument.Parse(e.Payload);
        return doc.RootElement.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
