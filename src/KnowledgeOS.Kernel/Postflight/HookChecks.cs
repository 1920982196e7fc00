using System.Diagnostics;
using System.Text.RegularExpressions;

namespace KnowledgeOS.Postflight;

/// <summary>Configured hooks and MCP entries that call kos reach a kos that runs: checked by running it.</summary>
internal static partial class HookChecks
{
    [GeneratedRegex(@"\$\{(?<a>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<b>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();

    public static void Run(PostflightContext c)
    {
        var root = c.Kernel.Project.Root;
        var probed = new Dictionary<string, string?>(StringComparer.Ordinal);
        var (found, unreadable) = HookCommands.Find(root, c.Kernel.Project.Repository.GitDir);
        foreach (var u in unreadable)
        {
            c.Problem("hooks", u + "; the agent cannot read its hooks either", "fix the JSON syntax (or re-create it with 'kos hooks install')");
        }

        foreach (var inv in found)
        {
            var resolved = Resolve(inv.Executable, root, c.Env);
            if (!probed.TryGetValue(resolved ?? inv.Executable, out var failure))
            {
                failure = resolved is null ? $"'{inv.Executable}' is not on PATH" : Probe(resolved);
                probed[resolved ?? inv.Executable] = failure;
            }

            if (failure is not null)
            {
                c.Problem("hooks", $"{inv.Source}: `{Shorten(inv.Command)}` runs kos, but {failure}",
                    $"kos hooks install --agent {inv.Agent}   (rewrites the entry with a working kos), or install kos on PATH", [inv.Source]);
            }
        }
    }

    /// <summary>The file an executable name resolves to, as the agent's shell would find it; null when nothing does.</summary>
    internal static string? Resolve(string exe, string root, Func<string, string?> env)
    {
        var expanded = Variable().Replace(exe, m =>
        {
            var name = m.Groups["a"].Success ? m.Groups["a"].Value : m.Groups["b"].Value;
            return name is "CLAUDE_PROJECT_DIR" or "GEMINI_PROJECT_DIR" or "CODEX_PROJECT_DIR" ? root : env(name) ?? "";
        });
        if (expanded.StartsWith("~/", StringComparison.Ordinal))
        {
            expanded = Path.Combine(env("HOME") ?? "", expanded[2..]);
        }

        if (expanded.Contains('/', StringComparison.Ordinal))
        {
            return Path.GetFullPath(expanded, root);
        }

        foreach (var dir in (env("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, expanded);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs <c>EXE --version</c>; null when it answered, else what went wrong.</summary>
    internal static string? Probe(string path)
    {
        if (!File.Exists(path))
        {
            return $"{path} does not exist";
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            return $"{path} is not executable (chmod +x)";
        }

        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add("--version");
        try
        {
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var err = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                p.Kill(entireProcessTree: true);
                return $"{path} --version did not answer within 10 s";
            }

            return p.ExitCode == 0 ? null : $"{path} --version exited {p.ExitCode}: {err.GetAwaiter().GetResult().Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{path} could not be started: {e.Message}";
        }
    }

    private static string Shorten(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
