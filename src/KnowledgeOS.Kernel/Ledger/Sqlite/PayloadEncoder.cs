using System.IO.Compression;
using System.Text;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace KnowledgeOS.Ledger.Sqlite;

/// <summary>
/// Encodes payloads for storage (<see cref="PayloadCodec"/> reads them): with the ledger's newest dictionary when it has
/// one (zstd: a small JSON payload shares most of its bytes with recent ones), else Brotli from <see cref="BrotliFrom"/>
/// bytes; the text itself whenever that is no larger. Not thread-safe: one per store.
/// </summary>
internal sealed class PayloadEncoder : IDisposable
{
    /// <summary>Without a dictionary, payloads of at least this many UTF-8 bytes are tried with Brotli.</summary>
    public const int BrotliFrom = 160;

    /// <summary>With a dictionary, payloads of at least this many bytes are tried (below it the blob's header eats the gain).</summary>
    public const int ZstdFrom = 24;

    /// <summary>
    /// zstd's fastest level: every kos process that appends builds a compression context with the dictionary loaded, and at
    /// level 3 its bigger match tables cost a short-lived command about 2 ms and 200 KiB (create-task --quick at 10,000 tasks:
    /// 14.7 to 12.5 ms median, 21.1 to 20.9 MiB, same run); the payloads are small and match mostly into the dictionary anyway.
    /// </summary>
    private const int ZstdLevel = 1;

    private readonly long _dictionary;
    private readonly Compressor? _zstd;

    public PayloadEncoder(long dictionary, byte[]? content)
    {
        if (dictionary > 0 && content is not null)
        {
            _dictionary = dictionary;
            _zstd = new Compressor(ZstdLevel);
            // Magicless frames with neither content size nor dictionary id nor checksum: the blob's header holds the first two.
            _zstd.SetParameter(ZSTD_cParameter.ZSTD_c_experimentalParam2, (int)ZSTD_format_e.ZSTD_f_zstd1_magicless);
            _zstd.SetParameter(ZSTD_cParameter.ZSTD_c_contentSizeFlag, 0);
            _zstd.SetParameter(ZSTD_cParameter.ZSTD_c_dictIDFlag, 0);
            _zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 0);
            _zstd.LoadDictionary(content);
        }
    }

    /// <summary>The dictionary new payloads are compressed with; 0 for none.</summary>
    public long Dictionary => _dictionary;

    /// <summary>The payload as stored: its text, or a blob when that is smaller.</summary>
    public object Encode(string json)
    {
        var from = _zstd is null ? BrotliFrom : ZstdFrom;
        if (json.Length < from / 4)
        {
            return json;
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        if (utf8.Length < from)
        {
            return json;
        }

        return _zstd is null ? BrotliBlob(utf8) : ZstdBlob(_zstd, utf8);
    }

    private object ZstdBlob(Compressor zstd, byte[] utf8)
    {
        var blob = new byte[Compressor.GetCompressBound(utf8.Length) + 12];
        blob[0] = PayloadCodec.Zstd;
        var head = 1 + PayloadCodec.WriteVarint(blob.AsSpan(1), (ulong)_dictionary);
        head += PayloadCodec.WriteVarint(blob.AsSpan(head), (ulong)utf8.Length);
        if (!zstd.TryWrap(utf8, blob.AsSpan(head), out var written) || head + written >= utf8.Length)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        return blob.AsSpan(0, head + written).ToArray();
    }

    private static object BrotliBlob(byte[] utf8)
    {
        var blob = new byte[BrotliEncoder.GetMaxCompressedLength(utf8.Length) + 6];
        blob[0] = PayloadCodec.Brotli;
        var head = 1 + PayloadCodec.WriteVarint(blob.AsSpan(1), (ulong)utf8.Length);
        // A window no larger than the payload: the encoder's tables grow with the window, and a hook writes one small payload per call.
        var window = Math.Clamp(System.Numerics.BitOperations.Log2((uint)utf8.Length) + 1, 10, 20);
        if (!BrotliEncoder.TryCompress(utf8, blob.AsSpan(head), out var written, quality: 5, window) || head + written >= utf8.Length)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        return blob.AsSpan(0, head + written).ToArray();
    }

    public void Dispose() => _zstd?.Dispose();
}
