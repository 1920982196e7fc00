using System.Buffers;
using System.Text;
using System.Text.Json;

namespace KnowledgeOS.Ledger;

/// <summary>
/// The one byte encoding an event is hashed in: UTF-8 JSON with no whitespace, object keys sorted
/// ordinally (RFC 8785 style), and the envelope fields in a fixed order. Payloads are stored
/// already canonical, so verification re-encodes only the envelope (see <see cref="EventHasher"/>).
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = false };

    /// <summary>Re-encodes arbitrary JSON canonically; throws <see cref="JsonException"/> on invalid input.</summary>
    public static string Canonicalize(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>(json.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, doc.RootElement);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var props = new List<JsonProperty>();
                foreach (var p in element.EnumerateObject())
                {
                    props.Add(p);
                }

                props.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                foreach (var p in props)
                {
                    writer.WritePropertyName(p.Name);
                    Write(writer, p.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
