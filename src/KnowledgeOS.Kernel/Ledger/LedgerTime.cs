using System.Globalization;

namespace KnowledgeOS.Ledger;

/// <summary>
/// How kos writes a moment: UTC to the millisecond, ending in Z ("2026-12-01T06:44:57.123Z"). Events carry it, hashed as
/// text; so do leases, claims and the tree's observations, which compare with it.
/// </summary>
public static class LedgerTime
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
