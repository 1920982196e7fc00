using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace KnowledgeOS.Testing;

/// <summary>
/// Golden-file snapshots of the texts people and agents read. A snapshot lives beside its test under
/// <c>golden/NAME.txt</c>; <c>KOS_WRITE_SNAPSHOTS=1</c> rewrites them, and the diff is then reviewed like code.
/// </summary>
public static partial class Golden
{
    public static void Match(string name, string actual, [CallerFilePath] string caller = "")
    {
        var file = Path.Combine(Path.GetDirectoryName(caller)!, "golden", name + ".txt");
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("KOS_WRITE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, actual);
            return;
        }

        Assert.True(File.Exists(file), $"no snapshot at {file}: run the test with KOS_WRITE_SNAPSHOTS=1 to write it, then review it");
        var expected = File.ReadAllText(file).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            Assert.Fail($"the text differs from its snapshot {file}.\nIf the change is meant, rerun with KOS_WRITE_SNAPSHOTS=1 and review the diff.\n--- expected\n{expected}\n--- actual\n{actual}");
        }
    }

    /// <summary>
    /// Makes a text stable across runs: the repository's path, IDs (numbered by first appearance, so that two
    /// different tasks stay different), hashes and times.
    /// </summary>
    public static string Scrub(string text, string repoRoot)
    {
        text = text.Replace(repoRoot, "<repo>", StringComparison.Ordinal);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        text = IdPattern().Replace(text, m =>
        {
            if (!ids.TryGetValue(m.Value, out var stable))
            {
                stable = $"{m.Groups[1].Value}-<{ids.Count(kv => kv.Key[0] == m.Value[0]) + 1}>";
                ids[m.Value] = stable;
            }

            return stable;
        });
        text = TimePattern().Replace(text, "<time>");
        return HashPattern().Replace(text, "<hash>");
    }

    [GeneratedRegex(@"\b([A-Z])-[0-9a-z]{6,12}\b")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\b[0-9a-f]{12,64}\b")]
    private static partial Regex HashPattern();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")]
    private static partial Regex TimePattern();
}
