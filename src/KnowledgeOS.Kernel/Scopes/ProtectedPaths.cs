namespace KnowledgeOS.Scopes;

/// <summary>
/// Paths no agent may write, whatever its scope: git's data, kos's own state and configuration,
/// and secrets. Matched without regard to case (on a case-insensitive file system <c>.GIT</c> is
/// <c>.git</c>, and nothing legitimate is spelled that way on the others). Runs on every write
/// check, so the common case allocates nothing.
/// </summary>
public sealed class ProtectedPaths
{
    /// <summary>Patterns without a slash (the secrets: <c>.env*</c>, <c>*.pem</c>…) match any one path segment.</summary>
    private readonly SegmentPattern[] _segmentPatterns;
    private readonly (string Pattern, WriteScope Scope)[] _pathPatterns;
    private readonly WriteScope? _exclusions;

    public ProtectedPaths(IEnumerable<string> secretPatterns)
    {
        var patterns = secretPatterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim().ToLowerInvariant()).Distinct().ToList();
        var positive = patterns.Where(p => !p.StartsWith('!')).ToList();
        _segmentPatterns = positive.Where(p => !p.TrimEnd('/').Contains('/', StringComparison.Ordinal)).Select(p => SegmentPattern.Of(p.TrimEnd('/'))).ToArray();
        _pathPatterns = positive.Where(p => p.TrimEnd('/').Contains('/', StringComparison.Ordinal)).Select(p => (p, WriteScope.Compile([p]))).ToArray();
        // "!pattern" lines exempt paths again, as in gitignore (e.g. "!.env.example").
        var negated = patterns.Where(p => p.StartsWith('!')).Select(p => p[1..]).ToList();
        _exclusions = negated.Count == 0 ? null : WriteScope.Compile(negated);
    }

    /// <summary>Why <paramref name="relative"/> (repository-relative, normalised) is protected, or null.</summary>
    public string? Why(string relative)
    {
        if (relative.Length == 0)
        {
            return "the repository root itself";
        }

        var lower = NeedsLowering(relative) ? relative.ToLowerInvariant() : relative;
        if (lower.StartsWith(".agent-os/", StringComparison.Ordinal))
        {
            if (lower.StartsWith(".agent-os/state/", StringComparison.Ordinal) || lower == ".agent-os/state")
            {
                return "kos state and the ledger (.agent-os/state/)";
            }

            if (lower.StartsWith(".agent-os/config", StringComparison.Ordinal))
            {
                return "kos configuration (.agent-os/config*)";
            }
        }

        if (Governance(lower) is { } governance)
        {
            return governance;
        }

        var secret = (string?)null;
        var span = lower.AsSpan();
        var start = 0;
        while (start <= span.Length)
        {
            var end = span[start..].IndexOf('/');
            var segment = end < 0 ? span[start..] : span.Slice(start, end);
            if (segment.SequenceEqual(".git"))
            {
                return "git's own data (.git/)";
            }

            if (secret is null)
            {
                foreach (var p in _segmentPatterns)
                {
                    if (p.Matches(segment))
                    {
                        secret = p.Text;
                        break;
                    }
                }
            }

            if (end < 0)
            {
                break;
            }

            start += end + 1;
        }

        if (secret is null)
        {
            foreach (var (pattern, scope) in _pathPatterns)
            {
                if (scope.Matches(lower))
                {
                    secret = pattern;
                    break;
                }
            }
        }

        return secret is null || _exclusions?.Matches(lower) == true ? null : $"a protected secret pattern ({secret})";
    }

    /// <summary>
    /// The agents' own governance files at the repository root: their hook, sandbox and MCP
    /// configuration. An agent that could edit them could switch kos (or its sandbox) off for the next
    /// session, so they are protected in every strictness; people change them (<c>kos hooks install</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> GovernanceFiles =
    [
        ".claude/settings.json", ".claude/settings.local.json", ".mcp.json", ".codex/hooks.json", ".codex/config.toml",
        ".gemini/settings.json", ".cursor/hooks.json", ".cursor/mcp.json", ".qwen/settings.json", ".vscode/mcp.json",
        "opencode.json", "opencode.jsonc",
    ];

    /// <summary>Folders whose every file is agent governance (Copilot's repository hooks, OpenCode's plugins).</summary>
    public static readonly IReadOnlyList<string> GovernanceFolders = [".github/hooks/", ".opencode/plugins/", ".opencode/plugin/"];

    /// <summary>Every governance path as globs (for sandbox deny lists and the commit checks): <c>.git/**</c>, kos's config and state, the agents' configs.</summary>
    public static IReadOnlyList<string> GovernanceGlobs { get; } =
        [".git/**", ".agent-os/config*", ".agent-os/state/**", .. GovernanceFiles, .. GovernanceFolders.Select(f => f + "**")];

    private static string? Governance(string lower)
    {
        if (lower[0] is not ('.' or 'o'))
        {
            return null;
        }

        foreach (var f in GovernanceFiles)
        {
            if (lower == f)
            {
                return $"agent governance configuration ({f}: hooks, sandbox, MCP servers; a person changes it, e.g. with 'kos hooks install')";
            }
        }

        foreach (var d in GovernanceFolders)
        {
            if (lower.StartsWith(d, StringComparison.Ordinal) || lower == d[..^1])
            {
                return $"agent governance configuration ({d}; a person changes it)";
            }
        }

        return null;
    }

    private static bool NeedsLowering(string s)
    {
        foreach (var c in s)
        {
            if (c is >= 'A' and <= 'Z' || c > '\u007f')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The shapes secret patterns take (<c>.npmrc</c>, <c>*.pem</c>, <c>id_rsa*</c>) compare plainly; the rest go to the glob matcher.</summary>
    private sealed record SegmentPattern(string Text, int Kind, string Literal)
    {
        private const int Exact = 0, Suffix = 1, Prefix = 2, Glob = 3;

        public static SegmentPattern Of(string p)
        {
            var wild = p.AsSpan().IndexOfAny("*?[\\");
            if (wild < 0)
            {
                return new(p, Exact, p);
            }

            if (wild == 0 && p.Length > 1 && p.AsSpan(1).IndexOfAny("*?[\\") < 0)
            {
                return new(p, Suffix, p[1..]);
            }

            return wild == p.Length - 1 ? new(p, Prefix, p[..wild]) : new(p, Glob, p);
        }

        public bool Matches(ReadOnlySpan<char> segment) => Kind switch
        {
            Exact => segment.SequenceEqual(Literal),
            Suffix => segment.EndsWith(Literal),
            Prefix => segment.StartsWith(Literal),
            _ => SegmentGlob.Matches(Literal, segment),
        };
    }
}
