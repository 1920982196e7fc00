using System.CommandLine;

namespace KnowledgeOS.Cli;

/// <summary>"Did you mean": the nearest command or option names to a mistyped one.</summary>
internal static class Suggest
{
    /// <summary>Hints for the unknown tokens of a failed parse (commands first, then options of the command reached).</summary>
    public static IEnumerable<string> For(ParseResult parsed, string[] args)
    {
        var command = parsed.CommandResult.Command;
        var words = args.TakeWhile(a => a != "--").ToList();
        var path = CommandPath(parsed);
        foreach (var token in parsed.UnmatchedTokens.Concat(words.Where(w => !w.StartsWith('-')).Take(path.Count + 1).Skip(path.Count)).Distinct())
        {
            var options = token.StartsWith('-');
            var names = options
                ? command.Options.Concat(parsed.RootCommandResult.Command.Options.Where(o => o.Recursive))
                    .SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal))
                : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            var near = Nearest(token, names);
            if (near.Count > 0 && !command.Subcommands.Any(c => c.Name == token))
            {
                var prefix = options ? "" : "kos " + string.Join(' ', path.Append("")).TrimStart();
                yield return $"Did you mean {string.Join(" or ", near.Select(n => $"'{(options ? n : prefix + n)}'"))} (not '{token}')?";
            }
        }
    }

    /// <summary>Where to read the usage of the command reached ('kos --help' when none was).</summary>
    public static string UsageHint(ParseResult parsed) => $"Run '{string.Join(' ', CommandPath(parsed).Prepend("kos").Append("--help"))}' for usage.";

    /// <summary>
    /// A word a command with subcommands took as its argument (not a task ID) although it is a subcommand's name
    /// mistyped: 'kos trace verfy' is not the task 'verfy'.
    /// </summary>
    public static (string Token, string Hint)? SubcommandTaken(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (command.Subcommands.Count == 0)
        {
            return null;
        }

        foreach (var token in parsed.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value))
        {
            var near = token.StartsWith("T-", StringComparison.OrdinalIgnoreCase) ? [] : Nearest(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            if (near.Count > 0)
            {
                var prefix = "kos " + string.Join(' ', CommandPath(parsed).Append(""));
                return (token, $"Did you mean {string.Join(" or ", near.Select(n => $"'{prefix}{n}'"))} (not '{token}')?");
            }
        }

        return null;
    }

    private static List<string> CommandPath(ParseResult parsed)
    {
        var path = new List<string>();
        for (var r = parsed.CommandResult; r.Parent is System.CommandLine.Parsing.CommandResult parent; r = parent)
        {
            path.Insert(0, r.Command.Name);
        }

        return path;
    }

    /// <summary>Names within a small edit distance (or sharing a clear prefix), nearest first.</summary>
    public static List<string> Nearest(string token, IEnumerable<string> names)
    {
        var t = token.ToLowerInvariant();
        return names.Distinct()
            .Select(n => (Name: n, D: Ids.Distance(n.ToLowerInvariant(), t)))
            .Where(x => x.D <= Math.Max(2, t.Length / 3) || (t.Length >= 3 && x.Name.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.D).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(2).Select(x => x.Name).ToList();
    }
}
