using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters.Install.Jsonc;

/// <summary>
/// Text edits on a JSONC file that touch only what they add or remove: a new member or item goes after the last one
/// (or into an empty container) with the file's line ending and the indentation of its neighbours; a removed one takes
/// exactly its own text and the comma that separated it, so removing what was added gives back the original bytes.
/// </summary>
internal static class JsoncEdit
{
    /// <summary>The file's line ending and indent unit (a tab, or the smallest indentation of a line), default two spaces.</summary>
    internal sealed record Layout(string NewLine, string Unit)
    {
        public static Layout Of(string text)
        {
            var nl = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            string? unit = null;
            foreach (var line in text.Split('\n').Skip(1))
            {
                var ws = line[..(line.Length - line.TrimStart(' ', '\t').Length)];
                if (ws.Length == 0 || ws.Length == line.TrimEnd('\r').Length)
                {
                    continue;
                }

                if (ws[0] == '\t')
                {
                    unit = "\t";
                    break;
                }

                if (ws.All(c => c == ' ') && (unit is null || ws.Length < unit.Length))
                {
                    unit = ws;
                }
            }

            return new Layout(nl, unit ?? "  ");
        }
    }

    /// <summary>Adds <paramref name="entry"/> (a member <c>"name": value</c> when <paramref name="name"/> is set, else an item) at the end of <paramref name="container"/>.</summary>
    public static string Append(string text, JsoncValue container, string? name, JsonNode value, Layout layout)
    {
        var lineIndent = JsoncDocument.LineIndent(text, container.Start);
        if (container.Entries.Count == 0)
        {
            var inner = text[(container.Start + 1)..(container.End - 1)];
            var indent = lineIndent + layout.Unit;
            var rendered = Entry(name, value, layout, indent);
            return string.IsNullOrWhiteSpace(inner)
                ? Splice(text, container.Start + 1, container.End - 1, layout.NewLine + indent + rendered + layout.NewLine + lineIndent)
                : Splice(text, container.Start + 1, container.Start + 1, layout.NewLine + indent + rendered);
        }

        var last = container.Entries[^1];
        var multiline = text[container.Start..last.Start].Contains('\n');
        return multiline
            ? Splice(text, last.End, last.End, "," + layout.NewLine + JsoncDocument.LineIndent(text, last.Start) + Entry(name, value, layout, JsoncDocument.LineIndent(text, last.Start)))
            : Splice(text, last.End, last.End, ", " + Entry(name, value, layout with { NewLine = "" }, ""));
    }

    /// <summary>Removes entry <paramref name="index"/> of <paramref name="container"/> and the comma that separated it.</summary>
    public static string Remove(string text, JsoncValue container, int index)
    {
        var entries = container.Entries;
        var entry = entries[index];
        if (entries.Count == 1)
        {
            var rest = text[(container.Start + 1)..entry.Start] + text[(entry.Comma < 0 ? entry.End : entry.Comma + 1)..(container.End - 1)];
            return string.IsNullOrWhiteSpace(rest)
                ? Splice(text, container.Start + 1, container.End - 1, "")
                : Splice(text, entry.Start, entry.Comma < 0 ? entry.End : entry.Comma + 1, "");
        }

        if (index > 0)
        {
            var previous = entries[index - 1];
            // The separating comma and the line break before the entry; a comment in between stays.
            return HasComment(text, previous.End, entry.Start)
                ? Splice(Splice(text, entry.Start, entry.End, ""), previous.Comma, previous.Comma + 1, "")
                : Splice(text, previous.End, entry.End, "");
        }

        var next = entries[1];
        return HasComment(text, entry.End, next.Start)
            ? Splice(text, entry.Start, entry.Comma + 1, "")
            : Splice(text, entry.Start, next.Start, "");
    }

    /// <summary>Sets member <paramref name="name"/> of <paramref name="obj"/> to <paramref name="value"/>: unchanged text when equal, else the value's text replaced, or the member added.</summary>
    public static string Set(string text, JsoncValue obj, string name, JsonNode value, Layout layout)
    {
        if (obj.Member(name) is not { } member)
        {
            return Append(text, obj, name, value, layout);
        }

        var current = JsonNode.Parse(text[member.Value.Start..member.Value.End], documentOptions: JsoncDocument.Lenient);
        return JsonNode.DeepEquals(current, value)
            ? text
            : Splice(text, member.Value.Start, member.Value.End, Render(value, layout, JsoncDocument.LineIndent(text, member.Start)));
    }

    /// <summary>A whole new file's text.</summary>
    public static string Render(JsonNode value, Layout layout, string indent)
    {
        var multiline = layout.NewLine.Length > 0;
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
               {
                   Indented = multiline, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                   IndentCharacter = layout.Unit.StartsWith('\t') ? '\t' : ' ', IndentSize = multiline ? Math.Max(1, layout.Unit.Length) : 2,
                   NewLine = multiline ? layout.NewLine : "\n",
               }))
        {
            value.WriteTo(writer);
        }

        var rendered = Encoding.UTF8.GetString(stream.ToArray());
        return multiline ? rendered.Replace(layout.NewLine, layout.NewLine + indent, StringComparison.Ordinal) : rendered;
    }

    private static string Entry(string? name, JsonNode value, Layout layout, string indent) =>
        (name is null ? "" : Render(JsonValue.Create(name), layout, indent) + ": ") + Render(value, layout, indent);

    private static bool HasComment(string text, int from, int to) => text.AsSpan(from, to - from).Contains('/');

    private static string Splice(string text, int start, int end, string with) => string.Concat(text.AsSpan(0, start), with, text.AsSpan(end));
}
