using System.Diagnostics;

namespace KnowledgeOS.Git;

/// <summary>The result of running git.</summary>
public sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;
}

/// <summary>Runs the real git. Used off the hook hot path (evidence, postflight, quickstart).</summary>
public static class GitCli
{
    public static GitResult Run(string cwd, IReadOnlyDictionary<string, string>? env, params string[] args) => Start(cwd, env, args).Finish();

    /// <summary>Starts git and returns at once; <see cref="RunningGit.Finish"/> collects its output (keep what runs in between short: git waits once a pipe is full).</summary>
    public static RunningGit Start(string cwd, params string[] args) => Start(cwd, null, args);

    public static RunningGit Start(string cwd, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["LC_ALL"] = "C";
        // kos reads the repository beside the people and agents working in it: git status must not take index.lock to
        // refresh the index in passing, or their own 'git commit' fails with "index.lock: File exists".
        psi.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var p = Process.Start(psi) ?? throw KosException.Environment("Could not start git; is it installed and on PATH?");
        p.StandardInput.Close();
        return new RunningGit(p, p.StandardError.ReadToEndAsync());
    }

    public static GitResult Run(string cwd, params string[] args) => Run(cwd, null, args);

    /// <summary>Runs git and returns trimmed stdout, or throws with git's own message.</summary>
    public static string Check(string cwd, params string[] args)
    {
        var r = Run(cwd, args);
        if (!r.Ok)
        {
            throw KosException.Environment($"git {string.Join(' ', args)} failed: {r.Stderr.Trim()}");
        }

        return r.Stdout.Trim();
    }
}

/// <summary>A git process kos started and has not yet collected (<see cref="GitCli.Start(string, string[])"/>).</summary>
public sealed class RunningGit(Process process, Task<string> stderr)
{
    /// <summary>Waits for git to end and returns what it printed.</summary>
    public GitResult Finish()
    {
        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new GitResult(process.ExitCode, output, stderr.GetAwaiter().GetResult());
        }
    }
}
