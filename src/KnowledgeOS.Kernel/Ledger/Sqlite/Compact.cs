using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>
/// The compact column encodings of schema version 2. Each is lossless: a value that would not come
/// back byte for byte (an id that is not 32 lowercase hex digits, a time in another format) is stored
/// as the text it is (SQLite columns take either), so the canonical JSON an event is hashed over, and
/// therefore its hash, never changes with the storage format.
/// </summary>
internal static class Compact
{
    /// <summary>Payloads of at least this many UTF-8 bytes are tried compressed (kept so only when smaller).</summary>
    public const int CompressFrom = 160;

    /// <summary>The first byte of a compressed payload blob: Brotli, then the original length as a varint.</summary>
    private const byte Brotli = 0x01;

    /// <summary>No stored payload inflates past this (a forged blob cannot make verification allocate without bound).</summary>
    private const int MaxPayloadBytes = 256 * 1024 * 1024;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

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

    /// <summary>The payload as stored: its text when short or incompressible, else a Brotli blob.</summary>
    public static object Payload(string json)
    {
        if (json.Length < CompressFrom / 4)
        {
            return json;
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        if (utf8.Length < CompressFrom)
        {
            return json;
        }

        var max = BrotliEncoder.GetMaxCompressedLength(utf8.Length) + 6;
        var blob = new byte[max];
        blob[0] = Brotli;
        var head = 1 + WriteVarint(blob.AsSpan(1), (uint)utf8.Length);
        // A window no larger than the payload: the encoder's tables grow with the window, and a hook writes one small payload per call.
        var window = Math.Clamp(System.Numerics.BitOperations.Log2((uint)utf8.Length) + 1, 10, 20);
        if (!BrotliEncoder.TryCompress(utf8, blob.AsSpan(head), out var written, quality: 5, window) || head + written >= utf8.Length)
        {
            return json;
        }

        return blob.AsSpan(0, head + written).ToArray();
    }

    /// <summary>The original length a compressed payload claims; -1 when the blob is not one.</summary>
    public static int CompressedLength(ReadOnlySpan<byte> blob, out int headerBytes)
    {
        headerBytes = 0;
        if (blob.Length < 2 || blob[0] != Brotli)
        {
            return -1;
        }

        uint value = 0;
        for (var i = 1; i < Math.Min(blob.Length, 6); i++)
        {
            value |= (uint)(blob[i] & 0x7F) << (7 * (i - 1));
            if ((blob[i] & 0x80) == 0)
            {
                headerBytes = i + 1;
                return value <= MaxPayloadBytes ? (int)value : -1;
            }
        }

        return -1;
    }

    /// <summary>Inflates a compressed payload into <paramref name="into"/> (grown as needed); false when the blob is damaged.</summary>
    public static bool TryInflate(ReadOnlySpan<byte> blob, ref byte[] into, out int length)
    {
        length = CompressedLength(blob, out var header);
        if (length < 0)
        {
            return false;
        }

        if (into.Length < length)
        {
            into = new byte[Math.Max(length, into.Length * 2)];
        }

        return BrotliDecoder.TryDecompress(blob[header..], into.AsSpan(0, length), out var written) && written == length;
    }

    /// <summary>What a damaged compressed payload reads as: not JSON, so it never hashes to a stored hash.</summary>
    public const string Damaged = "(damaged compressed payload)";

    /// <summary>A compressed payload as text; <see cref="Damaged"/> when the blob does not inflate.</summary>
    public static string Inflate(ReadOnlySpan<byte> blob)
    {
        var buffer = Array.Empty<byte>();
        return TryInflate(blob, ref buffer, out var n) ? Encoding.UTF8.GetString(buffer, 0, n) : Damaged;
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

    private static int WriteVarint(Span<byte> into, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            into[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        into[i++] = (byte)value;
        return i;
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
