using System.Text;

namespace KnowledgeOS.Cli.Adapters.Install.Jsonc;

/// <summary>A unified diff (<c>--- a</c>, <c>+++ b</c>, <c>@@</c> hunks, three lines of context) of two small texts, line by line.</summary>
internal static class UnifiedDiff
{
    public static string Of(string file, string? before, string? after)
    {
        var a = Lines(before);
        var b = Lines(after);
        // Longest common subsequence: hook files are small.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char Op, string Line, int A, int B)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                ops.Add((' ', a[x], x++, y++));
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(('-', a[x], x++, y));
            }
            else
            {
                ops.Add(('+', b[y], x, y++));
            }
        }

        var sb = new StringBuilder();
        sb.Append("--- ").Append(before is null ? "/dev/null" : file).Append('\n');
        sb.Append("+++ ").Append(after is null ? "/dev/null" : file).Append('\n');
        for (var k = 0; k < ops.Count;)
        {
            if (ops[k].Op == ' ')
            {
                k++;
                continue;
            }

            var start = Math.Max(0, k - 3);
            var end = k;
            // Extend the hunk while the next change is within six lines.
            while (end < ops.Count)
            {
                var next = end;
                while (next < ops.Count && ops[next].Op == ' ')
                {
                    next++;
                }

                if (next == ops.Count || next - end > 6)
                {
                    end = Math.Min(ops.Count, end + 3);
                    break;
                }

                end = next;
                while (end < ops.Count && ops[end].Op != ' ')
                {
                    end++;
                }
            }

            var hunk = ops.GetRange(start, end - start);
            var aCount = hunk.Count(o => o.Op != '+');
            var bCount = hunk.Count(o => o.Op != '-');
            sb.Append($"@@ -{hunk[0].A + (aCount == 0 ? 0 : 1)},{aCount} +{hunk[0].B + (bCount == 0 ? 0 : 1)},{bCount} @@\n");
            foreach (var o in hunk)
            {
                sb.Append(o.Op).Append(o.Line.TrimEnd('\r')).Append('\n');
            }

            k = end;
        }

        return sb.ToString();
    }

    private static string[] Lines(string? text) =>
        string.IsNullOrEmpty(text) ? [] : (text.EndsWith('\n') ? text[..^1] : text).Split('\n');
}
