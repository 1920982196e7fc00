using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KnowledgeOS.Cli.Launch;

/// <summary>
/// Becomes the agent: <c>execve</c> on Linux and macOS (same process ID, so the agent inherits what kos set up
/// for this process, and its exit code is kos's), else a child process whose exit code kos returns.
/// </summary>
internal static partial class ProcessExec
{
    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecVe(string path, string?[] argv, string?[] envp);

    /// <summary>Replaces this process with <paramref name="program"/>; returns only if that failed (with why).</summary>
    public static string Exec(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, string cwd)
    {
        Directory.SetCurrentDirectory(cwd);
        Console.Out.Flush();
        Console.Error.Flush();
        string?[] argv = [program, .. args, null];
        string?[] envp = [.. env.Select(kv => kv.Key + "=" + kv.Value), null];
        ExecVe(program, argv, envp);
        return $"exec {program} failed (errno {Marshal.GetLastPInvokeError()})";
    }

    /// <summary>Runs <paramref name="program"/> as a child with this terminal, and returns its exit code (128+signal when killed).</summary>
    public static int Spawn(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, string cwd, Action<Process>? started = null)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = cwd, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        // Ctrl-C reaches the agent (same process group); kos waits for it to finish rather than dying first.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        using var p = Process.Start(psi) ?? throw KosException.Environment($"could not start {program}");
        started?.Invoke(p);
        p.WaitForExit();
        return p.ExitCode;
    }
}
