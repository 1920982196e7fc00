namespace KnowledgeOS.Scopes;

/// <summary>
/// One gitignore-style pattern of a write scope. A pattern without a slash (other than a trailing
/// one) matches a name at any depth; with a slash it is anchored at the repository root; <c>**</c>
/// spans folders; <c>!</c> excludes; a pattern that matches a folder covers everything inside it.
/// </summary>
public sealed class ScopeGlob
{
    private enum Kind
    {
        /// <summary>An anchored literal path: the file itself or anything under it.</summary>
        Literal,
        /// <summary>An unanchored literal name: that name at any depth.</summary>
        Name,
        /// <summary>An unanchored <c>*.ext</c>: any name with that suffix at any depth.</summary>
        Suffix,
        General,
    }

    private readonly Kind _kind;
    private readonly string _literal = "";
    private readonly string _literalSlash = "";
    private readonly string[] _segments = [];
    private readonly bool _anchored;
    private readonly bool _dirOnly;

    private ScopeGlob(string text, bool negated, string body, bool anchored, bool dirOnly)
    {
        Text = text;
        Negated = negated;
        _dirOnly = dirOnly;
        _anchored = anchored;
        _segments = body.Split('/', StringSplitOptions.RemoveEmptyEntries);
        LiteralPrefix = string.Join('/', _segments.TakeWhile(s => !HasWildcard(s)));
        if (!_anchored && _segments.Length == 1)
        {
            LiteralPrefix = "";
        }

        if (!dirOnly && _segments.All(s => !HasWildcard(s)))
        {
            _kind = _anchored ? Kind.Literal : Kind.Name;
            _literal = string.Join('/', _segments);
            _literalSlash = _literal + "/";
        }
        else if (_anchored && _segments.Length >= 2 && _segments[^1] == "**" && _segments[..^1].All(s => !HasWildcard(s)))
        {
            // "src/**" and "src/" (dir-only) both cover exactly what is under src/.
            _kind = Kind.Literal;
            _literal = "\0";
            _literalSlash = string.Join('/', _segments[..^1]) + "/";
        }
        else if (!_anchored && _segments.Length == 1 && _segments[0].StartsWith('*') && !HasWildcard(_segments[0][1..]) && !dirOnly)
        {
            _kind = Kind.Suffix;
            _literal = _segments[0][1..];
        }
        else
        {
            _kind = Kind.General;
        }
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>An exclusion (<c>!pattern</c>).</summary>
    public bool Negated { get; }

    /// <summary>The leading folders without wildcards (<c>src/app</c> for <c>src/app/**/*.cs</c>); empty when unanchored.</summary>
    public string LiteralPrefix { get; }

    /// <summary>Whether the pattern can match anywhere in the tree rather than under one folder.</summary>
    public bool Anchored => _anchored;

    public static ScopeGlob Parse(string pattern)
    {
        var text = pattern.Trim();
        var body = text;
        var negated = body.StartsWith('!');
        if (negated)
        {
            body = body[1..];
        }

        body = body.Replace('\\', '/');
        while (body.StartsWith("./", StringComparison.Ordinal))
        {
            body = body[2..];
        }

        var dirOnly = body.EndsWith('/');
        body = body.TrimEnd('/');
        var anchoredByLeadingSlash = body.StartsWith('/');
        body = body.TrimStart('/');
        if (body.Length == 0)
        {
            throw KosException.Input($"'{pattern}' is not a usable scope pattern; write a path or glob such as 'src/**' or '*.md'.");
        }

        if (body.Split('/').Any(s => s == ".."))
        {
            throw KosException.Input($"Scope pattern '{pattern}' climbs out with '..'; scopes are relative to the repository root.");
        }

        // gitignore rules: a leading or inner slash anchors the pattern at the root; a trailing
        // slash means "this folder": anchored, that is everything under it.
        var anchored = anchoredByLeadingSlash || body.Contains('/', StringComparison.Ordinal);
        return dirOnly && anchored
            ? new ScopeGlob(text, negated, body + "/**", anchored: true, dirOnly: false)
            : new ScopeGlob(text, negated, body, anchored, dirOnly);
    }

    /// <summary>Whether the pattern covers <paramref name="path"/> (repository-relative, '/'-separated, normalised).</summary>
    public bool Matches(string path)
    {
        switch (_kind)
        {
            case Kind.Literal:
                return path == _literal || path.StartsWith(_literalSlash, StringComparison.Ordinal);
            case Kind.Name:
                return MatchesName(path, _literal);
            case Kind.Suffix:
                return MatchesSuffix(path, _literal);
            default:
                return MatchesGeneral(path);
        }
    }

    private static bool MatchesName(string path, string name)
    {
        var start = 0;
        while (start <= path.Length)
        {
            var end = path.IndexOf('/', start);
            if (end < 0)
            {
                end = path.Length;
            }

            if (end - start == name.Length && string.CompareOrdinal(path, start, name, 0, name.Length) == 0)
            {
                return true;
            }

            start = end + 1;
        }

        return false;
    }

    private static bool MatchesSuffix(string path, string suffix)
    {
        var start = 0;
        while (start <= path.Length)
        {
            var end = path.IndexOf('/', start);
            if (end < 0)
            {
                end = path.Length;
            }

            if (end - start >= suffix.Length && string.CompareOrdinal(path, end - suffix.Length, suffix, 0, suffix.Length) == 0)
            {
                return true;
            }

            start = end + 1;
        }

        return false;
    }

    private bool MatchesGeneral(string path)
    {
        var parts = path.Split('/');
        if (!_anchored)
        {
            // A single-segment pattern: any folder or the file itself may match. A dir-only one must match a folder.
            var last = _dirOnly ? parts.Length - 1 : parts.Length;
            for (var i = 0; i < last; i++)
            {
                if (SegmentGlob.Matches(_segments[0], parts[i]))
                {
                    return true;
                }
            }

            return false;
        }

        return MatchFrom(0, parts, 0);
    }

    /// <summary>True when the pattern's segments from <paramref name="pi"/> match a prefix of the path from <paramref name="si"/>.</summary>
    private bool MatchFrom(int pi, string[] parts, int si)
    {
        if (pi == _segments.Length)
        {
            return si > 0;
        }

        if (_segments[pi] == "**")
        {
            for (var k = si; k <= parts.Length; k++)
            {
                if (MatchFrom(pi + 1, parts, k))
                {
                    return true;
                }
            }

            return false;
        }

        return si < parts.Length && SegmentGlob.Matches(_segments[pi], parts[si]) && MatchFrom(pi + 1, parts, si + 1);
    }

    internal static bool HasWildcard(string s) => s.AsSpan().IndexOfAny("*?[\\") >= 0;

    public override string ToString() => Text;
}
