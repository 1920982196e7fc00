using System.Diagnostics;

namespace KnowledgeOS.Testing.Agents;

/// <summary>
/// The real agent CLIs, npm-installed into a test-local folder (KOS_AGENT_CLIS, default
/// $TMPDIR/kos-agents) the first time a test needs them: @anthropic-ai/claude-code, @openai/codex,
/// @google/gemini-cli, @github/copilot, @qwen-code/qwen-code, opencode-ai. Installing needs npm and the npm registry; CI installs them up front.
/// </summary>
public static class AgentClis
{
    private static readonly object Gate = new();

    public static string Folder => Environment.GetEnvironmentVariable("KOS_AGENT_CLIS") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "kos-agents");

    public static string Claude => Ensure("claude", "@anthropic-ai/claude-code@2.1.197");

    public static string Codex => Ensure("codex", "@openai/codex@0.169.0");

    public static string Gemini => Ensure("gemini", "@google/gemini-cli@0.61.0");

    public static string Copilot => Ensure("copilot", "@github/copilot@1.0.102");

    public static string Qwen => Ensure("qwen", "@qwen-code/qwen-code@0.24.4");

    public static string OpenCode => Ensure("opencode", "opencode-ai@1.18.33");

    private static string Ensure(string bin, string package)
    {
        lock (Gate)
        {
            var path = Path.Combine(Folder, "node_modules", ".bin", bin);
            if (File.Exists(path))
            {
                return path;
            }

            Directory.CreateDirectory(Folder);
            var psi = new ProcessStartInfo("npm") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "install", "--no-audit", "--no-fund", "--prefix", Folder, package })
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(File.Exists(path), $"npm install {package} into {Folder} failed (exit {p.ExitCode}): {err.Result}");
            return path;
        }
    }

    /// <summary>Runs an agent CLI to completion with a hard timeout; returns exit code, stdout and stderr.</summary>
    public static ProcessRun Run(string exe, string cwd, IReadOnlyDictionary<string, string> env, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return new ProcessRun(-1, stdout.Result, "TIMED OUT\n" + stderr.Result);
        }

        return new ProcessRun(p.ExitCode, stdout.Result, stderr.Result);
    }
}
