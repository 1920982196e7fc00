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

    /// <summary>Commands whose only writes are the ones <see cref="Targets"/> reads from their words.</summary>
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "echo", "printf", "cat", "ls", "pwd", "sleep", "true", "false", "test", "[", "head", "tail", "wc", "grep",
        "cut", "tr", "date", "mkdir", "touch", "rm", "rmdir", "mv", "cp", "ln", "tee", "chmod", "truncate", "diff", "stat",
        "basename", "dirname", "uniq",
    };

    [GeneratedRegex(@"[0-9]?>&[0-9-]")]
    private static partial Regex FdDup();

    /// <summary>
    /// The files <paramref name="command"/> can write, repository-relative, when it is plain enough to
    /// say so exactly: every segment runs a command from a closed list of programs that write only what
    /// their words name (no interpreter, no <c>$</c>, no substitution, no <c>cd</c>, no environment
    /// prefix). Null when the command could write anything (a script, <c>python -c</c>, <c>git</c>, <c>make</c>…).
    /// </summary>
    public static IReadOnlyList<string>? Exactly(string command, string cwd, string root)
    {
        if (command.IndexOfAny(['`', '$', '(', ')', '{', '}', '\\', '*', '?', '~']) >= 0)
        {
            return null;
        }

        var plain = FdDup().Replace(command, " ");
        foreach (var segment in Segments(plain))
        {
            var words = Words(segment);
            if (words.Count == 0 || !Plain.Contains(words[0]) ||
                words[0] is "cp" or "mv" or "ln" && words.Any(w => w.StartsWith("--target", StringComparison.Ordinal) || w.StartsWith('-') && !w.StartsWith("--", StringComparison.Ordinal) && w.Contains('t', StringComparison.Ordinal)))
            {
                return null;
            }
        }

        var list = new List<string>();
        foreach (var t in Targets(plain))
        {
            var rel = Path.GetRelativePath(root, Path.GetFullPath(t, cwd)).Replace('\\', '/');
            if (rel != ".." && !rel.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(rel))
            {
                list.Add(rel);
            }
        }

        return list;
    }

    /// <summary>Whether a target list from <see cref="Exactly"/> covers <paramref name="path"/> (the file or a folder holding it).</summary>
    public static bool Covers(IEnumerable<string> targets, string path) =>
        targets.Any(t => t == "." || path == t || path.StartsWith(t.TrimEnd('/') + "/", StringComparison.Ordinal));

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
