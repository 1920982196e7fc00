using System.Text;

namespace KnowledgeOS.Scopes;

/// <summary>
/// Unicode NFC (canonical decomposition, canonical ordering, canonical composition) from generated
/// tables. kos runs with InvariantGlobalization, where <see cref="string.Normalize()"/> does nothing,
/// yet "café" typed precomposed and "café" from a macOS file name (decomposed) must be one path.
/// </summary>
public static class Nfc
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    public static string Normalize(string s)
    {
        // Everything below U+0300 is already NFC and composes with nothing before a combining mark.
        var i = 0;
        while (i < s.Length && s[i] < 0x300)
        {
            i++;
        }

        if (i == s.Length)
        {
            return s;
        }

        var cps = new List<int>(s.Length + 8);
        foreach (var rune in s.EnumerateRunes())
        {
            Decompose(rune.Value, cps);
        }

        Reorder(cps);
        Compose(cps);
        var sb = new StringBuilder(cps.Count);
        foreach (var cp in cps)
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }

        return sb.ToString();
    }

    private static void Decompose(int cp, List<int> into)
    {
        if (cp is >= SBase and < SBase + SCount)
        {
            var si = cp - SBase;
            into.Add(LBase + si / NCount);
            into.Add(VBase + si % NCount / TCount);
            if (si % TCount != 0)
            {
                into.Add(TBase + si % TCount);
            }

            return;
        }

        var k = NfcTables.DecompKeys.BinarySearch(cp);
        if (k < 0)
        {
            into.Add(cp);
            return;
        }

        var data = NfcTables.DecompData;
        for (var j = NfcTables.DecompOffsets[k]; j < NfcTables.DecompOffsets[k + 1]; j++)
        {
            into.Add(data[j]);
        }
    }

    internal static int Ccc(int cp)
    {
        if (cp < 0x300)
        {
            return 0;
        }

        var k = NfcTables.CccKeys.BinarySearch(cp);
        return k < 0 ? 0 : NfcTables.CccValues[k];
    }

    /// <summary>Stable sort of each run of non-starters by combining class (insertion sort: runs are short).</summary>
    private static void Reorder(List<int> cps)
    {
        for (var i = 1; i < cps.Count; i++)
        {
            var c = Ccc(cps[i]);
            if (c == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && Ccc(cps[j - 1]) > c)
            {
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                j--;
            }
        }
    }

    private static void Compose(List<int> cps)
    {
        if (cps.Count == 0)
        {
            return;
        }

        // The standard algorithm: a mark composes with the last starter unless blocked by a mark of
        // the same or higher class in between (256 blocks everything until a starter appears).
        var starter = 0;
        var lastCcc = Ccc(cps[0]) == 0 ? 0 : 256;
        var write = 1;
        for (var read = 1; read < cps.Count; read++)
        {
            var cp = cps[read];
            var ccc = Ccc(cp);
            if ((lastCcc < ccc || lastCcc == 0) && TryCompose(cps[starter], cp, out var composite))
            {
                cps[starter] = composite;
                continue;
            }

            if (ccc == 0)
            {
                starter = write;
            }

            lastCcc = ccc;
            cps[write++] = cp;
        }

        cps.RemoveRange(write, cps.Count - write);
    }

    private static bool TryCompose(int a, int b, out int composite)
    {
        if (a is >= LBase and < LBase + LCount && b is >= VBase and < VBase + VCount)
        {
            composite = SBase + ((a - LBase) * VCount + (b - VBase)) * TCount;
            return true;
        }

        if (a is >= SBase and < SBase + SCount && (a - SBase) % TCount == 0 && b is > TBase and < TBase + TCount)
        {
            composite = a + (b - TBase);
            return true;
        }

        var k = NfcTables.ComposePairs.BinarySearch(((long)a << 21) | (uint)b);
        composite = k >= 0 ? NfcTables.Composites[k] : 0;
        return k >= 0;
    }
}
