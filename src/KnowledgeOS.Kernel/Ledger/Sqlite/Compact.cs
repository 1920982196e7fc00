using System.Globalization;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>
/// The compact column encodings of schema version 2 (payloads: <see cref="PayloadEncoder"/>). Each is lossless: a value that would not come
/// back byte for byte (an id that is not 32 lowercase hex digits, a time in another format) is stored
/// as the text it is (SQLite columns take either), so the canonical JSON an event is hashed over, and
/// therefore its hash, never changes with the storage format.
/// </summary>
internal static class Compact
{
    private const string TimeFormat = LedgerTime.Format;

    /// <summary>32 lowercase hex digits → 16 bytes, else the text (an id kos did not make).</summary>
    public static object Id(string id) => HexBlob(id, 32);

    /// <summary>64 lowercase hex digits → 32 bytes, else the text.</summary>
    public static object Hash(string hash) => HexBlob(hash, 64);

    /// <summary>kos's UTC millisecond timestamp → milliseconds since the epoch, else the text.</summary>
    public static object Time(string time)
    {
        if (time.Length == 24 && DateTime.TryParseExact(time, TimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
        {
            var ms = new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeMilliseconds();
            if (FormatTime(ms) == time)
            {
                return ms;
            }
        }

        return time;
    }

    public static string FormatTime(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes a stored millisecond time as kos's timestamp text; 24 bytes.</summary>
    public static int FormatTime(long ms, Span<byte> into)
    {
        // The verifier formats every event's time: digits written directly, the same text as TimeFormat gives.
        var t = DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
        var (year, month, day) = t;
        Digits(into[..4], year);
        into[4] = (byte)'-';
        Digits(into.Slice(5, 2), month);
        into[7] = (byte)'-';
        Digits(into.Slice(8, 2), day);
        into[10] = (byte)'T';
        Digits(into.Slice(11, 2), t.Hour);
        into[13] = (byte)':';
        Digits(into.Slice(14, 2), t.Minute);
        into[16] = (byte)':';
        Digits(into.Slice(17, 2), t.Second);
        into[19] = (byte)'.';
        Digits(into.Slice(20, 3), t.Millisecond);
        into[23] = (byte)'Z';
        return 24;
    }

    private static void Digits(Span<byte> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>Lowercase hex of <paramref name="bytes"/> as UTF-8 into <paramref name="into"/>.</summary>
    public static void HexUtf8(ReadOnlySpan<byte> bytes, Span<byte> into)
    {
        ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
        for (var i = 0; i < bytes.Length; i++)
        {
            into[2 * i] = digits[bytes[i] >> 4];
            into[2 * i + 1] = digits[bytes[i] & 0xF];
        }
    }

    private static object HexBlob(string s, int digits)
    {
        if (s.Length != digits)
        {
            return s;
        }

        foreach (var c in s)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return s;
            }
        }

        return Convert.FromHexString(s);
    }

    /// <summary>A stored column back as text: blobs of ids and hashes as lowercase hex, millisecond times formatted.</summary>
    public static string HexOrText(object value) => value switch
    {
        byte[] b => Convert.ToHexStringLower(b),
        string s => s,
        long ms => FormatTime(ms),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
