namespace KnowledgeOS.Redaction;

/// <summary>Tells random-looking strings (keys, tokens) from words, paths and placeholders.</summary>
public static class Entropy
{
    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Shannon(string s)
    {
        if (s.Length == 0)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        var other = new Dictionary<char, int>();
        foreach (var c in s)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }

        double h = 0;
        foreach (var n in counts)
        {
            h -= Term(n, s.Length);
        }

        foreach (var n in other.Values)
        {
            h -= Term(n, s.Length);
        }

        return h;
    }

    private static double Term(int n, int length)
    {
        if (n == 0)
        {
            return 0;
        }

        var p = (double)n / length;
        return p * Math.Log2(p);
    }

    /// <summary>Values people put in examples and templates rather than real secrets.</summary>
    public static bool LooksLikePlaceholder(string s) =>
        s.StartsWith('$') || s.StartsWith("${", StringComparison.Ordinal) || s.StartsWith('<') || s.StartsWith("{{", StringComparison.Ordinal)
        || s.Contains("example", StringComparison.OrdinalIgnoreCase) || s.Contains("xxxx", StringComparison.OrdinalIgnoreCase)
        || s.Contains("changeme", StringComparison.OrdinalIgnoreCase) || s.Contains("REDACTED", StringComparison.Ordinal)
        || s.Contains("your", StringComparison.OrdinalIgnoreCase) || s.All(c => c == '*' || c == '.');
}
