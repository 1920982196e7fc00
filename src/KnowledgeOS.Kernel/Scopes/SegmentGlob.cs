namespace KnowledgeOS.Scopes;

/// <summary>Wildcards inside one path segment: <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[!a-z]</c>, <c>\x</c>.</summary>
internal static class SegmentGlob
{
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
                continue;
            }

            if (p < pattern.Length && MatchOne(pattern, ref p, text[t], out var advance))
            {
                p = advance;
                t++;
                continue;
            }

            if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
                continue;
            }

            return false;
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Matches one pattern element at <paramref name="p"/> against <paramref name="c"/>; <paramref name="next"/> is the element after it.</summary>
    private static bool MatchOne(ReadOnlySpan<char> pattern, ref int p, char c, out int next)
    {
        switch (pattern[p])
        {
            case '?':
                next = p + 1;
                return true;
            case '\\' when p + 1 < pattern.Length:
                next = p + 2;
                return pattern[p + 1] == c;
            case '[':
                var close = pattern[(p + 1)..].IndexOf(']');
                if (close > 0)
                {
                    var set = pattern.Slice(p + 1, close);
                    next = p + close + 2;
                    var negate = set.Length > 0 && (set[0] == '!' || set[0] == '^');
                    return InSet(negate ? set[1..] : set, c) != negate;
                }

                next = p + 1;
                return c == '[';
            default:
                next = p + 1;
                return pattern[p] == c;
        }
    }

    private static bool InSet(ReadOnlySpan<char> set, char c)
    {
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                if (c >= set[i] && c <= set[i + 2])
                {
                    return true;
                }

                i += 2;
            }
            else if (set[i] == c)
            {
                return true;
            }
        }

        return false;
    }
}
