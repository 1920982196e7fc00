namespace KnowledgeOS.Scopes;

/// <summary>
/// Paths no agent may write, whatever its scope: git's data, kos's own state and configuration,
/// and secrets. Matched without regard to case (on a case-insensitive file system <c>.GIT</c> is
/// <c>.git</c>, and nothing legitimate is spelled that way on the others).
/// </summary>
public sealed class ProtectedPaths
{
    private readonly (string Pattern, WriteScope Scope)[] _patterns;
    private readonly WriteScope _any;

    public ProtectedPaths(IEnumerable<string> secretPatterns)
    {
        var lowered = secretPatterns.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct().ToList();
        _patterns = lowered.Where(p => !p.StartsWith('!')).Select(p => (p, WriteScope.Compile([p.ToLowerInvariant()]))).ToArray();
        _any = WriteScope.Compile(lowered.Select(p => p.ToLowerInvariant()));
    }

    /// <summary>Why <paramref name="relative"/> (repository-relative, normalised) is protected, or null.</summary>
    public string? Why(string relative)
    {
        if (relative.Length == 0)
        {
            return "the repository root itself";
        }

        var lower = relative.ToLowerInvariant();
        if (HasSegment(lower, ".git"))
        {
            return "git's own data (.git/)";
        }

        if (lower == ".agent-os/state" || lower.StartsWith(".agent-os/state/", StringComparison.Ordinal))
        {
            return "kos state and the ledger (.agent-os/state/)";
        }

        if (lower.StartsWith(".agent-os/config", StringComparison.Ordinal))
        {
            return "kos configuration (.agent-os/config*)";
        }

        if (_any.Matches(lower))
        {
            var pattern = _patterns.FirstOrDefault(p => p.Scope.Matches(lower)).Pattern ?? "a protected pattern";
            return $"a protected secret pattern ({pattern})";
        }

        return null;
    }

    private static bool HasSegment(string path, string name)
    {
        foreach (var segment in path.Split('/'))
        {
            if (segment == name)
            {
                return true;
            }
        }

        return false;
    }
}
