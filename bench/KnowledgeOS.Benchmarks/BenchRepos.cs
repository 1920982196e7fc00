using System.Diagnostics;

namespace KnowledgeOS.Benchmarks;

/// <summary>The generated repositories the benchmarks run on (bench/make-repo.sh makes them).</summary>
internal static class BenchRepos
{
    /// <summary>A repository of <paramref name="files"/> committed files, generated once per machine.</summary>
    public static string Files(int files)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"kos-bench-{files / 1000}k");
        if (!Directory.Exists(Path.Combine(dir, ".git")))
        {
            Generate(dir, files);
        }

        return dir;
    }

    /// <summary>The repository with tasks: KOS_BENCH_TASKS_REPO, made by 'TASKS=1000 bench/make-repo.sh DIR'.</summary>
    public static string WithTasks() =>
        Environment.GetEnvironmentVariable("KOS_BENCH_TASKS_REPO") is { Length: > 0 } d && Directory.Exists(d)
            ? d
            : throw new InvalidOperationException("Set KOS_BENCH_TASKS_REPO to a repository made by 'KOS=path/to/kos TASKS=1000 bench/make-repo.sh DIR' (bench/postflight.sh does this).");

    private static void Generate(string dir, int files)
    {
        Directory.CreateDirectory(dir);
        for (var i = 0; i < files; i++)
        {
            var sub = Path.Combine(dir, "src", "d" + (i % 200));
            Directory.CreateDirectory(sub);
            File.WriteAllText(Path.Combine(sub, $"f{i}.txt"), $"file {i}\nline two of {i}\n");
        }

        File.WriteAllText(Path.Combine(dir, ".gitignore"), "build/\n*.log\n");
        Git(dir, "init", "-q", "-b", "main");
        Git(dir, "add", "-A");
        Git(dir, "-c", "user.email=bench@example.invalid", "-c", "user.name=bench", "commit", "-qm", "files");
    }

    private static void Git(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {dir}");
        }
    }
}
