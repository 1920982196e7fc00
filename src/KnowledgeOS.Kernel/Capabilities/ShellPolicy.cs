using System.Text.RegularExpressions;

namespace KnowledgeOS.Capabilities;

/// <summary>
/// What an agent's shell command may not do, read from the command the PreToolUse hook sees (and the
/// scripts it runs, when they are files here): skip git's hooks (<c>--no-verify</c>, <c>commit -n</c>,
/// a <c>core.hooksPath</c> override), or run a kos decision that belongs to a person while hiding the
/// agent's context (<c>env -i</c>/<c>-u</c>, <c>setsid</c>, <c>nohup</c>, a background job, a fork).
/// A plain <c>kos block …</c> is let through: kos itself refuses it and files the approval request.
/// </summary>
public static partial class ShellPolicy
{
    private const int MaxScriptBytes = 64 * 1024;

    [GeneratedRegex(@"hooks\s*path", RegexOptions.IgnoreCase)]
    private static partial Regex HooksPath();

    [GeneratedRegex(@"(?:^|[\s;&|('""`/=])kos(?:\.dll)?(?:['""]?\s*,\s*['""]?|['""]?\s+['""]?)(?:--json(?:['""]?\s*,\s*['""]?|['""]?\s+['""]?))?(?<verb>review-task|route-task|block|reopen|abandon|release|align-spec|registry(?:['""]?\s*,\s*['""]?|['""]?\s+['""]?)(?:set-policy|add)|hooks(?:['""]?\s*,\s*['""]?|['""]?\s+['""]?)(?:install|uninstall)|init|doctor|approve|deny|create-task|complete-task|config)\b|\$\{?KOS_BIN\}?['""]?\s+(?<verb>[a-z-]+)")]
    private static partial Regex KosDecision();

    [GeneratedRegex(@"\benv\s+(?:[^;&|\n]*\s)?(?:-i\b|-u\b|-\s|--ignore-environment|--unset|-0)|\bsetsid\b|\bnohup\b|\bdisown\b|\bdaemon|\bsystemd-run\b|\bat\s+now\b|\btmux\b|\bscreen\s+-d|\bfork\s*\(|\bspawn\s*\(|\bPopen\b|\bsubprocess\b|\bexeca?\b|(?<![&>|])&(?![&>])")]
    private static partial Regex Evasion();

    [GeneratedRegex(@"\bgit\b")]
    private static partial Regex Git();

    /// <summary>Why the command is refused, or null.</summary>
    public static string? Refusal(string command, string cwd)
    {
        var text = command + Scripts(command, cwd);
        if (Git().IsMatch(text) && GitBypass(text) is { } bypass)
        {
            return $"kos: this command {bypass}. Commits go through kos's pre-commit check; commit normally (git commit -m …), and if the check refuses, fix the staged files or ask the user.";
        }

        if (KosDecision().Match(text) is { Success: true } m && Evasion().IsMatch(text))
        {
            return $"kos: this command runs 'kos {m.Groups["verb"].Value}' — a decision for a person — while hiding that it comes from an agent " +
                   "(a scrubbed environment, a new session, a background job or a fork). Run the kos command plainly instead: it files an " +
                   "approval request a person answers ('kos requests'), and after a grant you run it once more.";
        }

        return null;
    }

    private static string? GitBypass(string text)
    {
        if (HooksPath().IsMatch(text))
        {
            return "changes where git finds its hooks (core.hooksPath)";
        }

        foreach (var segment in ShellWrites.Segments(text))
        {
            var words = ShellWrites.Words(segment);
            var git = words.FindIndex(w => Path.GetFileName(w) == "git");
            if (git < 0)
            {
                continue;
            }

            var rest = words.Skip(git + 1).ToList();
            if (rest.Contains("--no-verify") || rest.Any(w => w.StartsWith("--no-verify", StringComparison.Ordinal)))
            {
                return "skips git's hooks (--no-verify)";
            }

            var sub = rest.FindIndex(w => !w.StartsWith('-') && w is not ("-c" or "-C"));
            if (sub >= 0 && rest[sub] == "commit" && ShortFlag(rest.Skip(sub + 1), 'n', "mFCct"))
            {
                return "skips git's hooks (commit -n)";
            }
        }

        return null;
    }

    /// <summary>Whether a short-option cluster sets <paramref name="flag"/> (skipping the values of options that take one).</summary>
    private static bool ShortFlag(IEnumerable<string> args, char flag, string takesValue)
    {
        var skipNext = false;
        foreach (var a in args)
        {
            if (skipNext)
            {
                skipNext = false;
                continue;
            }

            if (a == "--")
            {
                return false;
            }

            if (a.Length < 2 || a[0] != '-' || a[1] == '-')
            {
                continue;
            }

            for (var i = 1; i < a.Length; i++)
            {
                if (a[i] == flag)
                {
                    return true;
                }

                if (takesValue.Contains(a[i], StringComparison.Ordinal))
                {
                    skipNext = i == a.Length - 1;
                    break;
                }
            }
        }

        return false;
    }

    /// <summary>The text of small files the command names (a script written in scope that calls kos or git).</summary>
    private static string Scripts(string command, string cwd)
    {
        var text = "";
        foreach (var word in ShellWrites.Segments(command).SelectMany(ShellWrites.Words).Distinct().Take(32))
        {
            if (word.StartsWith('-') || word.Length > 4096)
            {
                continue;
            }

            try
            {
                var path = Path.IsPathRooted(word) ? word : Path.Combine(cwd, word);
                var info = new FileInfo(path);
                if (info.Exists && info.Length <= MaxScriptBytes)
                {
                    text += "\n" + File.ReadAllText(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
            }
        }

        return text;
    }
}
