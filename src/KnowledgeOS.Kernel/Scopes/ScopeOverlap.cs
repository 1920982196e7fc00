using System.Text;

namespace KnowledgeOS.Scopes;

/// <summary>
/// When two write scopes overlap. Globs cannot be intersected exactly in general, so the rule is
/// concrete and documented: two scopes overlap when some path matches both, where the paths tried
/// are (1) every file in the work tree (tracked and untracked-not-ignored) and (2) example paths
/// built from each glob: the glob with its wildcards filled in (<c>src/**/*.ts</c> → <c>src/x.ts</c>),
/// and one glob's literal folder prefix joined to the other's example (<c>src/</c> + <c>x.ts</c>).
/// The second kind catches overlaps the tree does not show yet (a new folder both scopes claim).
/// </summary>
public static class ScopeOverlap
{
    /// <summary>An example path both scopes cover, or null when they are disjoint by the rule above.</summary>
    public static string? Example(IReadOnlyList<string> a, IReadOnlyList<string> b, IReadOnlyList<string> treeFiles) =>
        Example(WriteScope.Compile(a), WriteScope.Compile(b), () => treeFiles);

    /// <summary>As above; <paramref name="treeFiles"/> is asked only when neither prefixes nor example paths decide.</summary>
    public static string? Example(WriteScope sa, WriteScope sb, Func<IReadOnlyList<string>> treeFiles)
    {
        if (Disjoint(Prefixes(sa), Prefixes(sb)))
        {
            return null;
        }

        foreach (var candidate in Synthetic(sa, sb))
        {
            if (sa.Matches(candidate) && sb.Matches(candidate))
            {
                return candidate;
            }
        }

        // Only files under one of b's literal prefixes can match b; skip the rest cheaply.
        var prefixes = Prefixes(sb);
        foreach (var f in treeFiles())
        {
            if ((prefixes is null || prefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal))) && sb.Matches(f) && sa.Matches(f))
            {
                return f;
            }
        }

        return null;
    }

    /// <summary>Scopes confined to folders of which none contains another cannot share a path: the fast answer for most pairs.</summary>
    private static bool Disjoint(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x == y || y.StartsWith(x + "/", StringComparison.Ordinal) || x.StartsWith(y + "/", StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The folder prefixes every path of the scope lies under; null when some glob can match anywhere.</summary>
    public static IReadOnlyList<string>? Prefixes(WriteScope s)
    {
        var list = new List<string>();
        foreach (var g in s.Globs.Where(g => !g.Negated))
        {
            if (!g.Anchored || g.LiteralPrefix.Length == 0)
            {
                return null;
            }

            list.Add(g.LiteralPrefix);
        }

        return list;
    }

    private static IEnumerable<string> Synthetic(WriteScope a, WriteScope b)
    {
        var ea = a.Globs.Where(g => !g.Negated).ToList();
        var eb = b.Globs.Where(g => !g.Negated).ToList();
        foreach (var g in ea.Concat(eb))
        {
            yield return Fill(g.Text);
        }

        foreach (var x in ea)
        {
            foreach (var y in eb)
            {
                if (x.LiteralPrefix.Length > 0)
                {
                    yield return x.LiteralPrefix + "/" + Fill(Unanchored(y));
                }

                if (y.LiteralPrefix.Length > 0)
                {
                    yield return y.LiteralPrefix + "/" + Fill(Unanchored(x));
                }
            }
        }
    }

    /// <summary>The pattern's part after its literal prefix (the whole pattern when unanchored).</summary>
    private static string Unanchored(ScopeGlob g)
    {
        var text = g.Text.TrimStart('!').TrimStart('/');
        return g.LiteralPrefix.Length > 0 && text.StartsWith(g.LiteralPrefix, StringComparison.Ordinal)
            ? text[g.LiteralPrefix.Length..].TrimStart('/')
            : text;
    }

    /// <summary>A concrete path the glob matches: wildcards filled with 'x', classes with their first member.</summary>
    internal static string Fill(string glob)
    {
        var text = glob.TrimStart('!').TrimStart('/');
        while (text.StartsWith("./", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        var sb = new StringBuilder();
        var segments = text.Split('/');
        for (var s = 0; s < segments.Length; s++)
        {
            var seg = segments[s];
            if (seg == "**")
            {
                if (s == segments.Length - 1)
                {
                    sb.Append('x');
                }

                continue;
            }

            if (seg.Length == 0)
            {
                if (s == segments.Length - 1)
                {
                    sb.Append('x');
                }

                continue;
            }

            for (var i = 0; i < seg.Length; i++)
            {
                var c = seg[i];
                switch (c)
                {
                    case '*' or '?':
                        sb.Append('x');
                        break;
                    case '\\' when i + 1 < seg.Length:
                        sb.Append(seg[++i]);
                        break;
                    case '[':
                        var close = seg.IndexOf(']', i + 1);
                        if (close > i + 1)
                        {
                            var set = seg[(i + 1)..close];
                            sb.Append(set[0] is '!' or '^' ? 'x' : set[0]);
                            i = close;
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                    default:
                        sb.Append(c);
                        break;
                }
            }

            if (s < segments.Length - 1)
            {
                sb.Append('/');
            }
        }

        var result = sb.ToString().TrimEnd('/');
        return result.Length == 0 ? "x" : result;
    }
}
