using System.Security.Cryptography;
using System.Text;

namespace KnowledgeOS.Evidence;

/// <summary>
/// One output stream of an eval: written whole to a file, hashed as it goes, echoed live, and its
/// last few kilobytes kept for the ledger (the full text stays under .agent-os/state/).
/// </summary>
public sealed class OutputCapture(string path, TextWriter live, object liveGate) : IDisposable
{
    public const int TailBytes = 2048;

    private readonly FileStream _file = File.Create(path);
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly byte[] _tail = new byte[TailBytes];
    private long _length;
    private Result? _result;

    public sealed record Result(string Path, long Bytes, string Sha256, string Tail);

    public async Task PumpAsync(Stream source)
    {
        var buffer = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        int n;
        while ((n = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            Take(buffer.AsSpan(0, n));
            var c = _decoder.GetChars(buffer, 0, n, chars, 0);
            lock (liveGate)
            {
                live.Write(chars, 0, c);
                live.Flush();
            }
        }
    }

    private void Take(ReadOnlySpan<byte> data)
    {
        _file.Write(data);
        _hash.AppendData(data);
        // A ring of the last TailBytes bytes, indexed by absolute stream offset.
        for (var i = Math.Max(0, data.Length - TailBytes); i < data.Length; i++)
        {
            _tail[(_length + i) % TailBytes] = data[i];
        }

        _length += data.Length;
    }

    public Result Finish()
    {
        if (_result is not null)
        {
            return _result;
        }

        _file.Flush();
        var count = (int)Math.Min(_length, TailBytes);
        var ordered = new byte[count];
        for (var i = 0; i < count; i++)
        {
            ordered[i] = _tail[(_length - count + i) % TailBytes];
        }

        // Start the tail at a line boundary when there is one, so it reads cleanly.
        var text = Encoding.UTF8.GetString(ordered);
        if (_length > TailBytes && text.IndexOf('\n', StringComparison.Ordinal) is var nl and >= 0 && nl < text.Length - 1)
        {
            text = text[(nl + 1)..];
        }

        _result = new Result(path, _length, Convert.ToHexStringLower(_hash.GetHashAndReset()), text);
        return _result;
    }

    public void Dispose()
    {
        _file.Dispose();
        _hash.Dispose();
    }
}
