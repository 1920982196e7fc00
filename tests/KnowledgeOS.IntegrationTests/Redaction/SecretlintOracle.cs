using System.Diagnostics;
using System.Text.Json.Nodes;

namespace KnowledgeOS.IntegrationTests.Redaction;

/// <summary>
/// secretlint with its recommended preset (tests/fixtures/secretlint, pinned by its package-lock.json; .ci/run installs it
/// with 'npm ci', or the first test that needs it does): an oracle for stored secrets that shares no rule with kos.
/// </summary>
public static class SecretlintOracle
{
    private static readonly Lazy<string> Installed = new(Install);

    public static string Dir => Path.Combine(RepoRoot(), "tests", "fixtures", "secretlint");

    /// <summary>The findings (file, rule, the text matched) secretlint reports under <paramref name="root"/> for <paramref name="globs"/>, .gitignore'd files included.</summary>
    public static List<(string File, string Rule, string Match)> Scan(string root, params string[] globs)
    {
        var psi = new ProcessStartInfo(Installed.Value) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--secretlintrc", Path.Combine(Dir, ".secretlintrc.json"), "--no-gitignore", "--format", "json", .. globs])
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("secretlint did not finish in 5 minutes");
        }

        // Exit 0: nothing found; 1: findings (printed as JSON); anything else is the oracle failing, never "clean".
        Assert.True(p.ExitCode is 0 or 1, $"secretlint failed (exit {p.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        var text = stdout.Result.Trim();
        Assert.True(text.StartsWith('['), $"secretlint printed no JSON report (exit {p.ExitCode}):\n{text}\n{stderr.Result}");
        var found = new List<(string, string, string)>();
        foreach (var file in JsonNode.Parse(text)!.AsArray())
        {
            var source = (string?)file!["sourceContent"] ?? "";
            foreach (var m in file["messages"]!.AsArray())
            {
                var range = m!["range"]!.AsArray();
                var (from, to) = ((int)range[0]!, (int)range[1]!);
                var match = from >= 0 && to <= source.Length && from <= to ? source[from..to] : "";
                found.Add(((string)file["filePath"]!, (string)m["ruleId"]!, match));
            }
        }

        Assert.True(p.ExitCode == 1 || found.Count == 0, $"secretlint exited {p.ExitCode} with {found.Count} findings");
        return found;
    }

    private static string Install()
    {
        var dir = Dir;
        var bin = Path.Combine(dir, "node_modules", ".bin", "secretlint");
        if (File.Exists(bin) && File.Exists(Path.Combine(dir, "node_modules", "@secretlint", "secretlint-rule-preset-recommend", "package.json")))
        {
            return bin;
        }

        // Missing: install it now (never pass without the oracle: a failed install fails the test).
        var psi = new ProcessStartInfo("npm") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("npm is not installed: the secretlint oracle cannot run");
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm ci in {dir} did not finish in 5 minutes");
        }

        return p.ExitCode == 0 && File.Exists(bin) ? bin : throw new InvalidOperationException($"npm ci in {dir} failed (exit {p.ExitCode}): {stderr.Result}");
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "tests", "fixtures", "secretlint", "package.json")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException($"tests/fixtures/secretlint not found above {AppContext.BaseDirectory}");
    }
}
