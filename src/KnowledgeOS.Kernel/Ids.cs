using System.Text;

namespace KnowledgeOS;

/// <summary>
/// Short random IDs, not counters: two branches or machines never mint the same one, so task and
/// spec files never conflict on merge. Crockford base32 (no i, l, o, u) reads and types well.
/// </summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A new ID such as <c>T-4k9q2m7x</c>: 8 symbols = 40 random bits.</summary>
    public static string New(char prefix, int symbols = 8)
    {
        Span<byte> bytes = stackalloc byte[symbols];
        Fill(bytes);
        var sb = new StringBuilder(symbols + 2).Append(prefix).Append('-');
        foreach (var b in bytes)
        {
            sb.Append(Alphabet[b & 31]);
        }

        return sb.ToString();
    }

    /// <summary>
    /// Random bytes from the operating system's secure generator, through <see cref="Guid.NewGuid"/> (its random bytes only:
    /// the version and variant bits are skipped). <c>RandomNumberGenerator</c> would first load and initialise OpenSSL,
    /// which costs a short command such as <c>create-task --quick</c> more time and memory than the rest of its start.
    /// </summary>
    internal static void Fill(Span<byte> bytes)
    {
        Span<byte> guid = stackalloc byte[16];
        var n = 0;
        while (n < bytes.Length)
        {
            Guid.NewGuid().TryWriteBytes(guid);
            foreach (var i in RandomPositions)
            {
                if (n == bytes.Length)
                {
                    break;
                }

                bytes[n++] = guid[i];
            }
        }
    }

    // Bytes 6-8 of a version-4 GUID (as TryWriteBytes lays it out) carry its version and variant bits.
    private static ReadOnlySpan<int> RandomPositions => [0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 15];

    public static string Slug(string title, int max = 40)
    {
        var sb = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }

            if (sb.Length >= max)
            {
                break;
            }
        }

        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "untitled" : slug;
    }

    /// <summary>Edit distance, for "did you mean" suggestions.</summary>
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
