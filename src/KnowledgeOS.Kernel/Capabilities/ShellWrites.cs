using System.Text.RegularExpressions;

namespace KnowledgeOS.Capabilities;

/// <summary>
/// The files a shell command visibly writes: redirections (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>&amp;&gt;</c>),
/// <c>tee</c>, <c>rm</c>, <c>mv</c>, <c>cp</c>, <c>touch</c>, <c>mkdir</c>, <c>ln</c>, <c>truncate</c>,
/// <c>sed -i</c>, <c>dd of=</c>, <c>install</c>, <c>chmod</c>. This is a best-effort reading used
/// for an early deny in strict mode; the reconciliation after each shell call is what cannot be fooled.
/// </summary>
public static partial class ShellWrites
{
    [GeneratedRegex(@"(?<![0-9<])(?:&>>?|[12]?>>?|>\|)\s*(?<path>""[^""]+""|'[^']+'|[^\s;&|<>()]+)")]
    private static partial Regex Redirect();

    [GeneratedRegex(@"\bdd\b[^;&|]*\bof=(?<path>[^\s;&|]+)")]
    private static partial Regex DdOutput();

    public static IReadOnlyList<string> Targets(string command)
    {
        var paths = new List<string>();
        foreach (Match m in Redirect().Matches(command))
        {
            Add(paths, m.Groups["path"].Value);
        }

        foreach (Match m in DdOutput().Matches(command))
        {
            Add(paths, m.Groups["path"].Value);
        }

        foreach (var segment in Segments(command))
        {
            var words = Words(segment);
            if (words.Count == 0)
            {
                continue;
            }

            var i = 0;
            while (i < words.Count && (words[i] is "sudo" or "env" or "command" or "nohup" || words[i].Contains('=', StringComparison.Ordinal)))
            {
                i++;
            }

            if (i >= words.Count)
            {
                continue;
            }

            var verb = Path.GetFileName(words[i]);
            var args = words.Skip(i + 1).ToList();
            var operands = args.Where(a => !a.StartsWith('-')).ToList();
            switch (verb)
            {
                case "tee" or "rm" or "rmdir" or "touch" or "mkdir" or "truncate" or "shred" or "unlink" or "chmod" or "chown":
                    foreach (var o in verb is "chmod" or "chown" ? operands.Skip(1) : operands)
                    {
                        Add(paths, o);
                    }

                    break;
                case "mv":
                    // Both ends change: the source disappears, the target appears.
                    foreach (var o in operands)
                    {
                        Add(paths, o);
                    }

                    break;
                case "cp" or "ln" or "install" or "rsync" when operands.Count >= 2:
                    Add(paths, operands[^1]);
                    break;
                case "sed" or "perl" when args.Any(a => a == "-i" || a.StartsWith("-i", StringComparison.Ordinal) || a == "--in-place"):
                    foreach (var o in operands.Skip(1))
                    {
                        Add(paths, o);
                    }

                    break;
            }
        }

        return paths;
    }

    private static void Add(List<string> paths, string raw)
    {
        var p = raw.Trim().Trim('"', '\'');
        if (p.Length == 0 || p == "/dev/null" || p.StartsWith("/dev/", StringComparison.Ordinal) || p.StartsWith('&') || p.StartsWith('$') || paths.Contains(p))
        {
            return;
        }

        paths.Add(p);
    }

    internal static IEnumerable<string> Segments(string command) =>
        command.Split(['\n', ';', '|', '&'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Splits on whitespace, keeping quoted words whole; enough to find verbs and operands.</summary>
    internal static List<string> Words(string segment)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        char quote = '\0';
        foreach (var c in segment)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (char.IsWhiteSpace(c) || c is '>' or '<')
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
