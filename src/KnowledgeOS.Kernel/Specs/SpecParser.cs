using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using KnowledgeOS.Registry.Importers;

namespace KnowledgeOS.Specs;

/// <summary>
/// Reads the spec format people edit by hand: YAML-style front matter (id, title, status) and
/// the sections Intent, Requirements (<c>- R1: …</c>), Acceptance (commands) and Non-goals.
/// Every problem is reported with its line, all at once.
/// </summary>
public static partial class SpecParser
{
    [GeneratedRegex(@"^\s*[-*+]\s+(?:\*\*)?(?<id>[Rr]\d+)(?:\*\*)?\s*[:.)\-–]\s*(?<text>.*)$")]
    private static partial Regex RequirementLine();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d+[.)])\s+(?<text>.*)$")]
    private static partial Regex ListItem();

    public static (Spec? Spec, IReadOnlyList<SpecProblem> Problems) Parse(string text, string path)
    {
        var problems = new List<SpecProblem>();
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = normalised.Split('\n');
        // Front matter is YAML, read by a YAML parser (quotes, escapes and colons in titles mean what YAML says).
        var parsed = FrontMatter.Parse(normalised, "'id: S-…', 'title: …', 'status: draft'", (line, message) => problems.Add(new(path, line, message)), out var i);
        var front = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in parsed ?? [])
        {
            front[key] = value.Scalar ?? "";
        }

        var sections = new Dictionary<string, List<(int Line, string Text)>>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = line[3..].Trim().ToLowerInvariant().Replace(" ", "-", StringComparison.Ordinal);
                sections.TryAdd(current, []);
            }
            else if (current is not null)
            {
                sections[current].Add((i + 1, line));
            }
        }

        front.TryGetValue("id", out var id);
        if (string.IsNullOrWhiteSpace(id))
        {
            problems.Add(new(path, 1, "front matter has no 'id:' (expected something like 'id: S-4k9q2m')"));
        }

        front.TryGetValue("title", out var title);
        front.TryGetValue("status", out var status);

        var intent = string.Join('\n', Section(sections, "intent").Select(l => l.Text)).Trim();
        if (intent.Length == 0)
        {
            var line = sections.ContainsKey("intent") ? Section(sections, "intent").FirstOrDefault().Line : 0;
            problems.Add(new(path, line, sections.ContainsKey("intent")
                ? "the Intent section is empty; say in a sentence or two what the user wants and why"
                : "there is no '## Intent' section; add one that says what the user wants and why"));
        }

        var requirements = ParseRequirements(path, Section(sections, "requirements"), problems);
        if (!sections.ContainsKey("requirements"))
        {
            problems.Add(new(path, 0, "there is no '## Requirements' section; add one with lines like '- R1: …'"));
        }

        var acceptance = Items(Section(sections, "acceptance")).Select(t => t.Trim().Trim('`').Trim()).Where(t => t.Length > 0).ToList();
        var nonGoals = Items(Section(sections, "non-goals")).ToList();

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        return (new Spec(id!, title ?? id!, string.IsNullOrEmpty(status) ? "draft" : status, intent, requirements, acceptance, nonGoals, path, Hash(normalised)), problems);
    }

    public static string Hash(string normalisedText) =>
        Sha(Encoding.UTF8.GetBytes(normalisedText));

    private static string Sha(byte[] bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        Ledger.ManagedSha256.Hash(bytes, digest);
        return Convert.ToHexStringLower(digest);
    }

    private static List<(int Line, string Text)> Section(Dictionary<string, List<(int, string)>> sections, string name) =>
        sections.TryGetValue(name, out var lines) ? lines : [];

    private static List<Requirement> ParseRequirements(string path, List<(int Line, string Text)> lines, List<SpecProblem> problems)
    {
        var result = new List<Requirement>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, text) in lines)
        {
            var m = RequirementLine().Match(text);
            if (m.Success)
            {
                var rid = m.Groups["id"].Value.ToUpperInvariant();
                var body = m.Groups["text"].Value.Trim();
                if (seen.TryGetValue(rid, out var first))
                {
                    problems.Add(new(path, line, $"duplicate requirement ID {rid} (first used on line {first}); give it a new number"));
                    continue;
                }

                if (body.Length == 0)
                {
                    problems.Add(new(path, line, $"requirement {rid} has no text"));
                }

                seen[rid] = line;
                result.Add(new Requirement(rid, body, line));
            }
            else if (ListItem().IsMatch(text))
            {
                var next = $"R{result.Count + 1}";
                problems.Add(new(path, line, $"requirement has no ID; write it as '- {next}: {ListItem().Match(text).Groups["text"].Value.Trim()}'"));
            }
            else if (text.Trim().Length > 0 && result.Count > 0 && char.IsWhiteSpace(text[0]))
            {
                // An indented continuation of the previous requirement.
                var last = result[^1];
                result[^1] = last with { Text = (last.Text + " " + text.Trim()).Trim() };
            }
        }

        return result;
    }

    private static IEnumerable<string> Items(List<(int Line, string Text)> lines)
    {
        foreach (var (_, text) in lines)
        {
            var m = ListItem().Match(text);
            if (m.Success)
            {
                yield return m.Groups["text"].Value.Trim();
            }
        }
    }
}
