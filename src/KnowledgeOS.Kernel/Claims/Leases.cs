using System.Globalization;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Claims;

/// <summary>Lease arithmetic: a claim is live until its lease runs out; activity pushes that out again.</summary>
public static class Leases
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(30);

    public static DateTimeOffset Until(Claim c) => Parse(c.LeaseUntil);

    public static bool IsLive(Claim? c, DateTimeOffset now) => c is not null && Until(c) > now;

    /// <summary>How long a renewal extends the claim: its recorded lease, else what it was first granted.</summary>
    public static TimeSpan Length(Claim c)
    {
        if (c.LeaseSeconds > 0)
        {
            return TimeSpan.FromSeconds(c.LeaseSeconds);
        }

        var granted = Parse(c.LeaseUntil) - Parse(c.ClaimedAt);
        return granted > TimeSpan.Zero ? granted : Default;
    }

    /// <summary>
    /// Whether activity now should be written down as a renewal: once a tenth of the lease (at most a
    /// minute) has passed since the last one. Hooks fire on every tool call; most touches write nothing.
    /// </summary>
    public static bool RenewalDue(Claim c, DateTimeOffset now)
    {
        var length = Length(c);
        var slack = TimeSpan.FromTicks(Math.Min(length.Ticks / 10, TimeSpan.FromMinutes(1).Ticks));
        return now + length - Until(c) >= slack;
    }

    private static DateTimeOffset Parse(string stamp) =>
        DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
