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
    private readonly string[] _segmentPatterns;
    private readonly (string Pattern, WriteScope Scope)[] _pathPatterns;
    private readonly WriteScope? _exclusions;

    public ProtectedPaths(IEnumerable<string> secretPatterns)
    {
        var patterns = secretPatterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim().ToLowerInvariant()).Distinct().ToList();
        var positive = patterns.Where(p => !p.StartsWith('!')).ToList();
        _segmentPatterns = positive.Where(p => !p.TrimEnd('/').Contains('/', StringComparison.Ordinal)).Select(p => p.TrimEnd('/')).ToArray();
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
                    if (MatchesSegment(p, segment))
                    {
                        secret = p;
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

    /// <summary>The shapes secret patterns take (<c>.npmrc</c>, <c>*.pem</c>, <c>id_rsa*</c>) by plain comparison; the rest by the glob matcher.</summary>
    private static bool MatchesSegment(string pattern, ReadOnlySpan<char> segment)
    {
        var wild = pattern.AsSpan().IndexOfAny("*?[\\");
        if (wild < 0)
        {
            return segment.SequenceEqual(pattern);
        }

        if (wild == 0 && pattern.Length > 1 && pattern[0] == '*' && pattern.AsSpan(1).IndexOfAny("*?[\\") < 0)
        {
            return segment.EndsWith(pattern.AsSpan(1));
        }

        if (wild == pattern.Length - 1 && pattern[^1] == '*')
        {
            return segment.StartsWith(pattern.AsSpan(0, wild));
        }

        return SegmentGlob.Matches(pattern, segment);
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
}
