using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// Gitignore-style globs over repository-relative paths: <c>**</c> any depth, <c>*</c> and <c>?</c>
/// within a segment, a pattern without <c>/</c> matches a name at any depth, a trailing <c>/</c>
/// or a folder name covers everything under it, and <c>!pattern</c> excludes.
/// </summary>
internal static class Glob
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool AnyMatch(IEnumerable<string> patterns, string rel)
    {
        var included = false;
        foreach (var p in patterns)
        {
            if (p.StartsWith('!'))
            {
                if (included && Match(p[1..], rel))
                {
                    included = false;
                }
            }
            else if (!included && Match(p, rel))
            {
                included = true;
            }
        }

        return included;
    }

    public static bool Match(string pattern, string rel) => Cache.GetOrAdd(pattern, Compile).IsMatch(rel);

    private static Regex Compile(string pattern)
    {
        var p = pattern.Trim().Replace('\\', '/');
        if (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        var anchored = p.TrimEnd('/').Contains('/', StringComparison.Ordinal);
        p = p.TrimStart('/');
        var sb = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            if (c == '*' && i + 1 < p.Length && p[i + 1] == '*')
            {
                var slash = i + 2 < p.Length && p[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        // A folder pattern covers what is inside it.
        sb.Append(p.EndsWith('/') ? ".*$" : "(?:/.*)?$");
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }
}
