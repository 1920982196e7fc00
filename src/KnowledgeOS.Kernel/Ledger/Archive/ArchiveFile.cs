using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace KnowledgeOS.Ledger.Archive;

/// <summary>
/// The archive file format (version 1): a Brotli stream (.NET's <see cref="BrotliStream"/>; <c>brotli -d</c> reads it)
/// of UTF-8 JSON lines, each ending in <c>\n</c>:
/// <list type="number">
/// <item>a header: <c>{"format":"kos-ledger-archive","version":1,"first":F,"last":L,"events":N,"prevHash":"…"}</c>;</item>
/// <item>one line per event, in seq order: <c>{"seq","id","time","type","task","actor","session","payload","prevHash","hash"}</c>,
/// the payload as the canonical JSON text the hash was computed over, unchanged;</item>
/// <item>a trailer: <c>{"end":L,"events":N,"lastHash":"…"}</c>.</item>
/// </list>
/// Verification recomputes every event's hash exactly as for the live ledger (<see cref="EventHasher"/>).
/// </summary>
public static class ArchiveFile
{
    public const string Format = "kos-ledger-archive";
    public const int Version = 1;

    /// <summary>No line of an archive is longer (a damaged file cannot make a reader allocate without bound).</summary>
    private const int MaxLine = 512 * 1024 * 1024;

    public static string NameOf(long first, long last) => $"events-{first:D12}-{last:D12}.jsonl.br";

    /// <summary>
    /// Writes <paramref name="events"/> (seqs <paramref name="first"/>..<paramref name="last"/>, each linking to the one
    /// before, the first to <paramref name="prevHash"/>) into a new file at <paramref name="path"/>, flushed to disk.
    /// Returns the last event's hash.
    /// </summary>
    public static string Write(string path, long first, long last, string prevHash, IEnumerable<LedgerEvent> events)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var head = prevHash;
        var expected = first;
        using (var brotli = new BrotliStream(file, CompressionLevel.Optimal, leaveOpen: true))
        {
            var buffer = new ArrayBufferWriter<byte>(1 << 14);
            using var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
            void Line()
            {
                w.Flush();
                brotli.Write(buffer.WrittenSpan);
                brotli.WriteByte((byte)'\n');
                buffer.ResetWrittenCount();
                w.Reset(buffer);
            }

            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteNumber("first", first);
            w.WriteNumber("last", last);
            w.WriteNumber("events", last - first + 1);
            w.WriteString("prevHash", prevHash);
            w.WriteEndObject();
            Line();
            foreach (var e in events)
            {
                if (e.Seq != expected || e.PrevHash != head)
                {
                    throw KosException.Environment($"The ledger's event {expected} is missing or does not link (found {e.Seq}); nothing was archived.");
                }

                w.WriteStartObject();
                w.WriteNumber("seq", e.Seq);
                w.WriteString("id", e.Id);
                w.WriteString("time", e.Time);
                w.WriteString("type", e.Type);
                w.WriteString("task", e.Task);
                w.WriteString("actor", e.Actor);
                w.WriteString("session", e.Session);
                w.WritePropertyName("payload");
                w.WriteRawValue(e.Payload, skipInputValidation: false);
                w.WriteString("prevHash", e.PrevHash);
                w.WriteString("hash", e.Hash);
                w.WriteEndObject();
                Line();
                head = e.Hash;
                expected++;
                if (e.Seq == last)
                {
                    break;
                }
            }

            if (expected != last + 1)
            {
                throw KosException.Environment($"The ledger ended at event {expected - 1}, before {last}; nothing was archived.");
            }

            w.WriteStartObject();
            w.WriteNumber("end", last);
            w.WriteNumber("events", last - first + 1);
            w.WriteString("lastHash", head);
            w.WriteEndObject();
            Line();
        }

        file.Flush(flushToDisk: true);
        return head;
    }

    /// <summary>What reading an archive file found: its events' extent and hashes, and the first problem (null when sound).</summary>
    public sealed record Check(long First, long Last, string PrevHash, long Events, string? FirstId, string? FirstHash, string LastHash, string Sha256, long Bytes, string? Problem)
    {
        public bool Ok => Problem is null;
    }

    /// <summary>
    /// Reads the archive at <paramref name="path"/> through, recomputing every hash; <paramref name="each"/> sees each
    /// event that checked out. <paramref name="name"/> is how messages call the file.
    /// </summary>
    public static Check Read(string path, string name, Action<LedgerEvent>? each = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var digest = Convert.ToHexStringLower(SHA256.HashData(file));
        file.Position = 0;
        using var brotli = new BrotliStream(file, CompressionMode.Decompress, leaveOpen: true);
        var hasher = new EventHasher(bulk: true);
        long first = 0, last = 0, declared = 0, seq = 0, count = 0;
        string? firstId = null, firstHash = null, problem = null;
        var head = "";
        var prevHash = "";
        var state = 0; // 0 header, 1 events, 2 after the trailer
        try
        {
            foreach (var (line, terminated) in Lines(brotli))
            {
                if (!terminated)
                {
                    problem = $"the archive {name} is truncated (its last line is cut off after event {seq})";
                    break;
                }

                if (state == 2)
                {
                    problem = $"the archive {name} has data after its trailer";
                    break;
                }

                using var doc = JsonDocument.Parse(line);
                var o = doc.RootElement;
                if (state == 0)
                {
                    if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String || f.GetString() != Format)
                    {
                        problem = $"the archive {name} is not a kos ledger archive (no header)";
                        break;
                    }

                    if (o.GetProperty("version").GetInt32() != Version)
                    {
                        problem = $"the archive {name} has format version {o.GetProperty("version").GetInt32()}, which this kos does not read";
                        break;
                    }

                    first = o.GetProperty("first").GetInt64();
                    last = o.GetProperty("last").GetInt64();
                    declared = o.GetProperty("events").GetInt64();
                    head = prevHash = o.GetProperty("prevHash").GetString() ?? "";
                    seq = first - 1;
                    state = 1;
                    continue;
                }

                if (o.TryGetProperty("end", out var end))
                {
                    if (end.GetInt64() != last || o.GetProperty("events").GetInt64() != declared || o.GetProperty("lastHash").GetString() != head || seq != last)
                    {
                        problem = $"the archive {name}'s trailer does not match its events (it ends at event {seq}, expected {last})";
                        break;
                    }

                    state = 2;
                    continue;
                }

                var e = new LedgerEvent(
                    o.GetProperty("seq").GetInt64(), Str(o, "id"), Str(o, "time"), Str(o, "type"), StrOrNull(o, "task"), Str(o, "actor"),
                    StrOrNull(o, "session"), o.GetProperty("payload").GetRawText(), Str(o, "prevHash"), Str(o, "hash"));
                if (e.Seq != seq + 1)
                {
                    problem = $"the archive {name}: event {seq + 1} is missing (next is {e.Seq})";
                    break;
                }

                if (e.PrevHash != head)
                {
                    problem = $"the archive {name}: event {e.Seq} does not link to event {seq} (prev_hash differs)";
                    break;
                }

                if (hasher.Hash(e) != e.Hash)
                {
                    problem = $"the archive {name}: event {e.Seq} was altered after it was written (its hash does not match its content)";
                    break;
                }

                if (count == 0)
                {
                    (firstId, firstHash) = (e.Id, e.Hash);
                }

                each?.Invoke(e);
                seq = e.Seq;
                head = e.Hash;
                count++;
            }

            if (problem is null && state != 2)
            {
                problem = state == 0
                    ? $"the archive {name} is empty"
                    : $"the archive {name} is truncated: it ends after event {seq}, before its trailer (expected through {last})";
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            var what = ex switch
            {
                InvalidDataException => "its compressed data does not inflate",
                JsonException => "a line is not valid JSON",
                _ => "a line lacks a field or has one of the wrong kind",
            };
            problem = $"the archive {name} is damaged{(seq > 0 ? $" after event {seq}" : "")}: {what}";
        }

        return new Check(first, last, prevHash, count, firstId, firstHash, head, digest, file.Length, problem);
    }

    private static string Str(JsonElement o, string name) => o.GetProperty(name).GetString() ?? throw new FormatException($"{name} is null");

    private static string? StrOrNull(JsonElement o, string name) => o.GetProperty(name).ValueKind == JsonValueKind.Null ? null : o.GetProperty(name).GetString();

    /// <summary>The stream's lines (without <c>\n</c>); a last line without one is flagged. Each line is valid until the next.</summary>
    private static IEnumerable<(ReadOnlyMemory<byte> Line, bool Terminated)> Lines(Stream s)
    {
        var buf = new byte[1 << 16];
        int start = 0, end = 0, scanned = 0;
        while (true)
        {
            var nl = buf.AsSpan(scanned, end - scanned).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                var at = scanned + nl;
                yield return (buf.AsMemory(start, at - start), true);
                start = scanned = at + 1;
                continue;
            }

            scanned = end;
            if (start > 0)
            {
                Buffer.BlockCopy(buf, start, buf, 0, end - start);
                (end, scanned, start) = (end - start, scanned - start, 0);
            }

            if (end == buf.Length)
            {
                if (buf.Length >= MaxLine)
                {
                    throw new InvalidDataException($"a line is longer than {MaxLine} bytes");
                }

                Array.Resize(ref buf, buf.Length * 2);
            }

            var n = s.Read(buf, end, buf.Length - end);
            if (n == 0)
            {
                if (end > start)
                {
                    yield return (buf.AsMemory(start, end - start), false);
                }

                yield break;
            }

            end += n;
        }
    }
}
