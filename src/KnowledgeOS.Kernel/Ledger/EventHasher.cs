using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KnowledgeOS.Ledger;

/// <summary>The stored columns of one event as UTF-8 bytes; a null column has <c>Has… = false</c>.</summary>
public ref struct EventFields
{
    public long Seq;
    public ReadOnlySpan<byte> Id;
    public ReadOnlySpan<byte> Time;
    public ReadOnlySpan<byte> Type;
    public ReadOnlySpan<byte> Task;
    public bool HasTask;
    public ReadOnlySpan<byte> Actor;
    public ReadOnlySpan<byte> Session;
    public bool HasSession;
    public ReadOnlySpan<byte> Payload;

    /// <summary>True when <see cref="Payload"/> is a stored compressed blob (SQLite's compact format), not the JSON itself.</summary>
    public bool PayloadCompressed;

    /// <summary>The dictionaries a compressed payload may name (SQLite's schema 4).</summary>
    public Sqlite.PayloadDictionaries? Dictionaries;
    public ReadOnlySpan<byte> PrevHash;

    /// <summary>
    /// A text column the engine holds as another kind of value (SQLite: a blob or a number where kos writes text), in words;
    /// null when none. It hashes as the same bytes, yet no read by that column finds it: the event counts as altered.
    /// </summary>
    public string? Misstored;
}

/// <summary>
/// <c>hash = SHA-256(prev_hash ‖ canonical JSON of the rest)</c>, hex encoded. One byte-level code
/// path serves appends and verification, so both always agree. Reusable, not thread-safe.
/// </summary>
public sealed class EventHasher
{
    /// <summary>The prev_hash of the first event.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly LibcryptoSha256? _native;
    private readonly IncrementalHash? _sha;
    private readonly Sqlite.PayloadCodec _codec = new();
    private byte[] _inflated = [];

    /// <param name="bulk">
    /// True to hash with OpenSSL's accelerated SHA-256 (worth its start-up cost over many events: libcrypto's own digest
    /// functions, else the framework's); false, for a process that hashes a few, to use the managed one.
    /// </param>
    public EventHasher(bool bulk = false)
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
        _native = bulk ? LibcryptoSha256.Create() : null;
        _sha = bulk && _native is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    public string Hash(long seq, string id, string time, string type, string? task, string actor, string? session, string payload, string prevHash)
    {
        _scratch.ResetWrittenCount();
        var idR = Put(id);
        var timeR = Put(time);
        var typeR = Put(type);
        var taskR = Put(task ?? "");
        var actorR = Put(actor);
        var sessionR = Put(session ?? "");
        var payloadR = Put(payload);
        var prevR = Put(prevHash);
        var all = _scratch.WrittenSpan;
        var fields = new EventFields
        {
            Seq = seq,
            Id = all[idR],
            Time = all[timeR],
            Type = all[typeR],
            Task = all[taskR],
            HasTask = task is not null,
            Actor = all[actorR],
            Session = all[sessionR],
            HasSession = session is not null,
            Payload = all[payloadR],
            PrevHash = all[prevR],
        };
        Span<byte> digest = stackalloc byte[32];
        Compute(fields, digest);
        return Convert.ToHexStringLower(digest);
    }

    public string Hash(LedgerEvent e) =>
        Hash(e.Seq, e.Id, e.Time, e.Type, e.Task, e.Actor, e.Session, e.Payload, e.PrevHash);

    /// <summary>Hashes stored bytes directly (the verification path: no strings).</summary>
    public void Compute(scoped EventFields f, Span<byte> digest)
    {
        _buffer.ResetWrittenCount();
        _buffer.Write(f.PrevHash);
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteString("actor"u8, f.Actor);
        _writer.WriteString("id"u8, f.Id);
        _writer.WritePropertyName("payload"u8);
        _writer.WriteRawValue(f.PayloadCompressed ? Inflate(f.Payload, f.Dictionaries) : f.Payload, skipInputValidation: true);
        _writer.WriteNumber("seq"u8, f.Seq);
        if (f.HasSession) { _writer.WriteString("session"u8, f.Session); } else { _writer.WriteNull("session"u8); }
        if (f.HasTask) { _writer.WriteString("task"u8, f.Task); } else { _writer.WriteNull("task"u8); }
        _writer.WriteString("time"u8, f.Time);
        _writer.WriteString("type"u8, f.Type);
        _writer.WriteEndObject();
        _writer.Flush();
        if (_native is not null)
        {
            _native.Hash(_buffer.WrittenSpan, digest);
            return;
        }

        if (_sha is null)
        {
            ManagedSha256.Hash(_buffer.WrittenSpan, digest);
            return;
        }

        // One reused hash context: a one-shot SHA256.HashData call sets up a new one per event.
        _sha.AppendData(_buffer.WrittenSpan);
        _sha.GetHashAndReset(digest);
    }

    /// <summary>A compressed payload's JSON; <see cref="InvalidDataException"/> when the blob does not inflate.</summary>
    private ReadOnlySpan<byte> Inflate(ReadOnlySpan<byte> blob, Sqlite.PayloadDictionaries? dictionaries) =>
        _codec.TryInflate(blob, dictionaries, ref _inflated, out var n)
            ? _inflated.AsSpan(0, n)
            : throw new InvalidDataException("a compressed payload does not inflate");

    private Range Put(string s)
    {
        var start = _scratch.WrittenCount;
        var n = Encoding.UTF8.GetBytes(s, _scratch.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length)));
        _scratch.Advance(n);
        return start..(start + n);
    }
}
