using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KnowledgeOS.Registry.Importers;

/// <summary>One scalar or list value from front matter, with the file line it sits on.</summary>
internal sealed record FrontValue(int Line, string? Scalar, IReadOnlyList<string> Items)
{
    /// <summary>A list (<c>[a, b]</c>, <c>- a</c>) or a comma-separated scalar (<c>tools: Read, Grep</c>).</summary>
    public IReadOnlyList<string> AsList() => Items.Count > 0
        ? Items
        : (Scalar ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// The YAML front matter of a Markdown file (<c>---</c> … <c>---</c>), parsed by a real YAML parser so
/// malformed front matter is reported at its file line.
/// </summary>
internal static class FrontMatter
{
    public static Dictionary<string, FrontValue>? Parse(string relative, string text, ImportResult result) =>
        Parse(text, "'name: …', 'description: …'", (line, message) => result.Fail(relative, line, message), out _);

    /// <summary>
    /// Parses the front matter of <paramref name="text"/>; problems go to <paramref name="fail"/> with their
    /// 1-based file line. <paramref name="bodyStart"/> is the index of the first line after the closing <c>---</c>.
    /// </summary>
    public static Dictionary<string, FrontValue>? Parse(string text, string example, Action<int, string> fail, out int bodyStart)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        bodyStart = 0;
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            fail(1, $"no YAML front matter; start the file with '---', {example}, '---'");
            return null;
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
        {
            fail(1, "the front matter starts with '---' but never ends; close it with a '---' line");
            bodyStart = lines.Length;
            return null;
        }

        bodyStart = end + 1;

        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(string.Join('\n', lines[1..end])));
        }
        catch (YamlException e)
        {
            // The parser may notice a problem only at the end: never point past the closing '---'.
            fail((int)Math.Min(e.Start.Line + 1, end), $"front matter is not valid YAML: {e.Message.Trim()}");
            return null;
        }

        var values = new Dictionary<string, FrontValue>(StringComparer.Ordinal);
        if (yaml.Documents.Count == 0)
        {
            return values;
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode map)
        {
            fail(2, "front matter must be 'key: value' lines");
            return null;
        }

        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } key })
            {
                continue;
            }

            var line = (int)k.Start.Line + 1; // +1 for the opening '---'
            values[key] = v switch
            {
                YamlScalarNode s => new FrontValue(line, s.Value, []),
                YamlSequenceNode seq => new FrontValue(line, null, seq.Children.OfType<YamlScalarNode>().Select(x => x.Value ?? "").Where(x => x.Length > 0).ToList()),
                _ => new FrontValue(line, null, []),
            };
        }

        return values;
    }
}
