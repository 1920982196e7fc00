using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace KnowledgeOS.Ledger;

/// <summary><c>hash = SHA-256(prev_hash ‖ canonical JSON of the rest)</c>, hex encoded. Reusable, not thread-safe.</summary>
public sealed class EventHasher
{
    /// <summary>The prev_hash of the first event.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public string Hash(long seq, string id, string time, string type, string? task, string actor, string? session, string payload, string prevHash)
    {
        _buffer.ResetWrittenCount();
        var prevBytes = _buffer.GetSpan(prevHash.Length);
        var n = Encoding.ASCII.GetBytes(prevHash, prevBytes);
        _buffer.Advance(n);
        CanonicalJson.WriteEnvelope(_buffer, seq, id, time, type, task, actor, session, payload);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_buffer.WrittenSpan, digest);
        return Convert.ToHexStringLower(digest);
    }

    public string Hash(LedgerEvent e) =>
        Hash(e.Seq, e.Id, e.Time, e.Type, e.Task, e.Actor, e.Session, e.Payload, e.PrevHash);
}
