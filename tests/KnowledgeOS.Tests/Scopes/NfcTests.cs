using System.Diagnostics;
using System.Text;
using CsCheck;
using KnowledgeOS.Scopes;

namespace KnowledgeOS.Tests.Scopes;

public sealed class NfcTests
{
    [Theory]
    [InlineData("cafe\u0301", "caf\u00e9")]                  // e + acute composes
    [InlineData("caf\u00e9", "caf\u00e9")]                   // already NFC
    [InlineData("A\u030A", "\u00C5")]                        // A + ring
    [InlineData("\u212B", "\u00C5")]                         // Angstrom sign is a singleton: never kept
    [InlineData("q\u0307\u0323", "q\u0323\u0307")]           // marks reordered by class, nothing composes with q
    [InlineData("s\u0307\u0323", "\u1E69")]                  // dot above + dot below in either order → one letter
    [InlineData("s\u0323\u0307", "\u1E69")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]             // Hangul jamo L V T → syllable
    [InlineData("\u0958", "\u0915\u093C")]                   // composition exclusion stays decomposed
    [InlineData("a\u0301\u0301", "\u00E1\u0301")]            // a second identical mark is blocked
    [InlineData("plain/ascii/path.ts", "plain/ascii/path.ts")]
    public void known_forms_normalise_to_nfc(string input, string expected) => Assert.Equal(expected, Nfc.Normalize(input));

    private static readonly string[] Bases = ["a", "e", "o", "u", "s", "A", "O", "\u03B1", "\u0438", "q", "/"];
    private static readonly string[] Marks = ["\u0300", "\u0301", "\u0302", "\u0303", "\u0308", "\u0323", "\u0327", "\u0307", "\u0328", "\u0345"];

    private static readonly Gen<string> Strings =
        Gen.Select(Gen.OneOf(Bases), Gen.OneOf(Marks).Array[0, 3]).Array[1, 6]
            .Select(parts => string.Concat(parts.Select(p => p.Item1 + string.Concat(p.Item2))));

    [Fact]
    public void normalising_twice_changes_nothing() =>
        Strings.Sample(s => Assert.Equal(Nfc.Normalize(s), Nfc.Normalize(Nfc.Normalize(s))), iter: 2000);

    [Fact]
    public void canonically_equivalent_orderings_of_marks_normalise_alike() =>
        Strings.Sample(s =>
        {
            // Swapping two adjacent marks of different non-zero classes gives an equivalent string.
            var cps = s.EnumerateRunes().Select(r => r.Value).ToArray();
            for (var i = 0; i + 1 < cps.Length; i++)
            {
                var a = Nfc.Ccc(cps[i]);
                var b = Nfc.Ccc(cps[i + 1]);
                if (a != 0 && b != 0 && a != b)
                {
                    (cps[i], cps[i + 1]) = (cps[i + 1], cps[i]);
                    var swapped = string.Concat(cps.Select(char.ConvertFromUtf32));
                    Assert.Equal(Nfc.Normalize(s), Nfc.Normalize(swapped));
                    return;
                }
            }
        }, iter: 2000);

    [Fact]
    public void matches_pythons_unicodedata_on_generated_strings()
    {
        // kos runs with InvariantGlobalization (string.Normalize is a no-op there); Python is the oracle.
        var samples = Strings.Array[1500].Single();
        var psi = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, StandardOutputEncoding = Encoding.UTF8 };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import sys,unicodedata\nsys.stdin.reconfigure(encoding='utf-8');sys.stdout.reconfigure(encoding='utf-8')\nfor l in sys.stdin.read().split('\\0'):\n  sys.stdout.write(unicodedata.normalize('NFC', l) + '\\0')");
        using var p = Process.Start(psi)!;
        using (var stdin = new StreamWriter(p.StandardInput.BaseStream, new UTF8Encoding(false)))
        {
            stdin.Write(string.Join('\0', samples));
        }

        var answers = p.StandardOutput.ReadToEnd().Split('\0');
        p.WaitForExit();
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.True(answers[i] == Nfc.Normalize(samples[i]), $"sample {i}: {Escape(samples[i])} → python {Escape(answers[i])}, kos {Escape(Nfc.Normalize(samples[i]))}");
        }
    }

    private static string Escape(string s) => string.Concat(s.EnumerateRunes().Select(r => r.Value < 128 ? ((char)r.Value).ToString() : $"\\u{r.Value:X4}"));
}
