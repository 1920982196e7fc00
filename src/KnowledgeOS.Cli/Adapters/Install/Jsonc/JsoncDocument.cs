using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters.Install.Jsonc;

/// <summary>A value in a JSONC text, with its exact offsets (End exclusive; a container spans its brackets).</summary>
internal sealed class JsoncValue
{
    public required char Kind { get; init; } // '{' object, '[' array, '"' string, 'l' literal

    public required int Start { get; init; }

    public int End { get; set; }

    /// <summary>An object's members or an array's items, in order.</summary>
    public List<JsoncEntry> Entries { get; } = [];

    public string? String { get; init; }

    public JsoncEntry? Member(string name) => Entries.FirstOrDefault(e => e.Name == name);
}

/// <summary>One member (from its key) or item; <c>Comma</c> is the offset of the comma after it, or -1.</summary>
internal sealed record JsoncEntry(string? Name, int Start, JsoncValue Value)
{
    public int End => Value.End;

    public int Comma { get; set; } = -1;
}

/// <summary>
/// A JSONC text read token by token (strings with escapes, <c>//</c> and <c>/* */</c> comments, trailing commas),
/// keeping every value's offsets so edits can touch only the bytes they mean to. Only for text the framework's
/// own parser (<see cref="Lenient"/>) accepted: errors here are refusals, never guesses.
/// </summary>
internal sealed class JsoncDocument
{
    public static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly string text;
    private int pos;

    private JsoncDocument(string text) => this.text = text;

    public JsoncValue Root { get; private set; } = null!;

    public static JsoncDocument Parse(string text)
    {
        var reader = new JsoncDocument(text);
        var root = reader.Value();
        reader.Skip();
        if (reader.pos != text.Length)
        {
            throw reader.Error("text after the end of the document");
        }

        reader.Root = root;
        return reader;
    }

    /// <summary>The leading whitespace of the line holding <paramref name="offset"/>.</summary>
    public static string LineIndent(string text, int offset)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        var end = start;
        while (end < text.Length && text[end] is ' ' or '\t')
        {
            end++;
        }

        return text[start..end];
    }

    private JsoncValue Value()
    {
        Skip();
        if (pos >= text.Length)
        {
            throw Error("unexpected end");
        }

        var start = pos;
        switch (text[pos])
        {
            case '{':
            case '[':
                return Container();
            case '"':
                var end = StringEnd();
                return new JsoncValue { Kind = '"', Start = start, End = end, String = JsonNode.Parse(text[start..end])!.GetValue<string>() };
            default:
                while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '-' or '+' or '.'))
                {
                    pos++;
                }

                return pos == start ? throw Error($"unexpected '{text[pos]}'") : new JsoncValue { Kind = 'l', Start = start, End = pos };
        }
    }

    private JsoncValue Container()
    {
        var open = text[pos];
        var close = open == '{' ? '}' : ']';
        var value = new JsoncValue { Kind = open, Start = pos };
        pos++;
        while (true)
        {
            Skip();
            if (pos < text.Length && text[pos] == close)
            {
                pos++;
                value.End = pos;
                return value;
            }

            if (value.Entries.Count > 0 && value.Entries[^1].Comma < 0)
            {
                throw Error($"expected ',' or '{close}'");
            }

            JsoncEntry entry;
            if (open == '{')
            {
                var key = Value();
                if (key.Kind != '"')
                {
                    throw Error("expected a member name");
                }

                if (value.Member(key.String!) is not null)
                {
                    throw Error($"the member \"{key.String}\" appears twice");
                }

                Skip();
                if (pos >= text.Length || text[pos] != ':')
                {
                    throw Error("expected ':'");
                }

                pos++;
                entry = new JsoncEntry(key.String, key.Start, Value());
            }
            else
            {
                var item = Value();
                entry = new JsoncEntry(null, item.Start, item);
            }

            value.Entries.Add(entry);
            Skip();
            if (pos < text.Length && text[pos] == ',')
            {
                entry.Comma = pos;
                pos++;
            }
        }
    }

    private int StringEnd()
    {
        pos++;
        while (pos < text.Length && text[pos] != '"')
        {
            if (text[pos] is '\n' or '\r')
            {
                throw Error("a line break inside a string");
            }

            pos += text[pos] == '\\' ? 2 : 1;
        }

        if (pos >= text.Length)
        {
            throw Error("an unterminated string");
        }

        return ++pos;
    }

    /// <summary>Whitespace and comments.</summary>
    private void Skip()
    {
        while (pos < text.Length)
        {
            if (char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
            else if (text[pos] == '/' && pos + 1 < text.Length && text[pos + 1] == '/')
            {
                var nl = text.IndexOf('\n', pos);
                pos = nl < 0 ? text.Length : nl;
            }
            else if (text[pos] == '/' && pos + 1 < text.Length && text[pos + 1] == '*')
            {
                var end = text.IndexOf("*/", pos + 2, StringComparison.Ordinal);
                pos = end < 0 ? throw Error("an unterminated comment") : end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private JsonException Error(string what) => new($"{what} at offset {pos}");
}
