using System.ComponentModel;
using System.Diagnostics;

namespace KnowledgeOS.Evidence;

/// <summary>What running one eval command produced. A timeout, a failure to start or a kill is never a pass.</summary>
public sealed record EvalOutcome(int? ExitCode, bool Passed, string? Reason, long DurationMs, OutputCapture.Result Stdout, OutputCapture.Result Stderr);

/// <summary>
/// Runs one eval through <c>/bin/sh -c</c> in the repository root, streaming its output live to
/// <paramref name="live"/> while keeping the full output on disk with its SHA-256 and tail.
/// </summary>
public static class EvalRunner
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    public static EvalOutcome Run(string command, string cwd, TimeSpan timeout, string outputStem, TextWriter live, IReadOnlyDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        var clock = Stopwatch.StartNew();
        var gate = new object();
        using var stdout = new OutputCapture(outputStem + ".stdout", live, gate);
        using var stderr = new OutputCapture(outputStem + ".stderr", live, gate);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new Win32Exception("Process.Start returned no process");
        }
        catch (Win32Exception e)
        {
            return new EvalOutcome(null, false, $"could not start /bin/sh: {e.Message}", clock.ElapsedMilliseconds, stdout.Finish(), stderr.Finish());
        }

        using (process)
        {
            process.StandardInput.Close();
            var pumps = Task.WhenAll(stdout.PumpAsync(process.StandardOutput.BaseStream), stderr.PumpAsync(process.StandardError.BaseStream));
            string? timedOut = null;
            while (!process.WaitForExit(Min(ProgressEvery, timeout - clock.Elapsed)))
            {
                if (clock.Elapsed >= timeout)
                {
                    timedOut = $"timed out after {Seconds(timeout)} (the limit is [evals] timeout_seconds in .agent-os/config.toml); the process tree was killed";
                    Kill(process);
                    break;
                }

                lock (gate)
                {
                    live.WriteLine($"kos: still running after {Seconds(clock.Elapsed)}: {command}");
                }
            }

            // Output a killed process tree left in a grandchild's pipe is not worth hanging for.
            pumps.Wait(TimeSpan.FromSeconds(5));
            var ms = clock.ElapsedMilliseconds;
            if (timedOut is not null)
            {
                return new EvalOutcome(null, false, timedOut, ms, stdout.Finish(), stderr.Finish());
            }

            var code = process.ExitCode;
            return new EvalOutcome(code, code == 0, Explain(code), ms, stdout.Finish(), stderr.Finish());
        }
    }

    /// <summary>Why a non-zero exit failed, in the words sh uses for its special statuses.</summary>
    internal static string? Explain(int code) => code switch
    {
        0 => null,
        126 => "exit 126: the command was found but could not be executed",
        127 => "exit 127: command not found",
        > 128 and < 160 => $"killed by signal {code - 128} (exit {code})",
        _ => $"exit {code}",
    };

    private static void Kill(Process p)
    {
        try
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // It exited on its own between the timeout and the kill.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => b < TimeSpan.Zero ? TimeSpan.Zero : a < b ? a : b;

    internal static string Seconds(TimeSpan t) => t.TotalSeconds < 10
        ? t.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "s"
        : ((int)t.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s";
}
