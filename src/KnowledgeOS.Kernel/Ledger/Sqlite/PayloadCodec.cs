using System.IO.Compression;
using System.Text;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>
/// Payloads as the compact ledger stores them: the JSON text itself, or a blob whose first byte names its encoding —
/// <c>0x01</c> Brotli (schema 2 and 3, and a young ledger without a dictionary yet), <c>0x02</c> zstd with one of the
/// ledger's own dictionaries (<see cref="PayloadDictionaries"/>) — then the original length as a varint (0x02: the
/// dictionary's id first), then the compressed bytes. A blob is kept only when smaller than the text. The hash is
/// always over the canonical text, never over the stored bytes. Reusable, not thread-safe: one per reader.
/// </summary>
public sealed class PayloadCodec : IDisposable
{
    public const byte Brotli = 0x01;
    public const byte Zstd = 0x02;

    /// <summary>No stored payload inflates past this (a forged blob cannot make verification allocate without bound).</summary>
    private const int MaxPayloadBytes = 256 * 1024 * 1024;

    private readonly Dictionary<long, Decompressor> _decompressors = [];

    /// <summary>Inflates a stored blob into <paramref name="into"/> (grown as needed); false when it is damaged.</summary>
    public bool TryInflate(ReadOnlySpan<byte> blob, PayloadDictionaries? dictionaries, ref byte[] into, out int length)
    {
        length = 0;
        if (blob.Length < 2)
        {
            return false;
        }

        var at = 1;
        var dictionary = 0L;
        if (blob[0] == Zstd && !TryVarint(blob, ref at, out dictionary) || blob[0] is not (Zstd or Brotli) ||
            !TryVarint(blob, ref at, out var claimed) || claimed > MaxPayloadBytes)
        {
            return false;
        }

        length = (int)claimed;
        if (into.Length < length)
        {
            into = new byte[Math.Max(length, into.Length * 2)];
        }

        var target = into.AsSpan(0, length);
        if (blob[0] == Brotli)
        {
            return BrotliDecoder.TryDecompress(blob[at..], target, out var n) && n == length;
        }

        if (Decompressor(dictionary, dictionaries) is not { } zstd)
        {
            return false;
        }

        try
        {
            return zstd.TryUnwrap(blob[at..], target, out var n) && n == length;
        }
        catch (ZstdException)
        {
            return false;
        }
    }

    /// <summary>A stored blob as text; <see cref="Damaged"/> when it does not inflate.</summary>
    public string Inflate(ReadOnlySpan<byte> blob, PayloadDictionaries? dictionaries)
    {
        var buffer = Array.Empty<byte>();
        return TryInflate(blob, dictionaries, ref buffer, out var n) ? Encoding.UTF8.GetString(buffer, 0, n) : Damaged;
    }

    /// <summary>What a damaged compressed payload reads as: not JSON, so it never hashes to a stored hash.</summary>
    public const string Damaged = "(damaged compressed payload)";

    private Decompressor? Decompressor(long id, PayloadDictionaries? dictionaries)
    {
        if (_decompressors.TryGetValue(id, out var d))
        {
            return d;
        }

        if (dictionaries is null || !dictionaries.TryGet(id, out var content))
        {
            return null;
        }

        d = new Decompressor();
        d.SetParameter(ZSTD_dParameter.ZSTD_d_experimentalParam1, (int)ZSTD_format_e.ZSTD_f_zstd1_magicless);
        d.LoadDictionary(content);
        _decompressors[id] = d;
        return d;
    }

    public void Dispose()
    {
        foreach (var d in _decompressors.Values)
        {
            d.Dispose();
        }

        _decompressors.Clear();
    }

    internal static bool TryVarint(ReadOnlySpan<byte> blob, ref int at, out long value)
    {
        value = 0;
        for (var shift = 0; shift < 35 && at < blob.Length; shift += 7)
        {
            var b = blob[at++];
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    internal static int WriteVarint(Span<byte> into, ulong value)
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
}
