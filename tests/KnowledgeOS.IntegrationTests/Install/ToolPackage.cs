using System.Diagnostics;

namespace KnowledgeOS.Testing.Install;

/// <summary>
/// The kos .NET tool package, installed the way a user installs it: the packages test.sh packed
/// (<c>KOS_PACKAGES</c>), or else a fresh <c>dotnet pack</c> of the repository into a temporary folder
/// (slow: two Native AOT links). Installed once into a temporary tool path.
/// </summary>
public sealed class ToolPackage : IDisposable
{
    public ToolPackage()
    {
        Scratch = Path.Combine(Path.GetTempPath(), "kos-tool-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Scratch);
        Packages = Environment.GetEnvironmentVariable("KOS_PACKAGES") is { Length: > 0 } given && Directory.Exists(given)
            ? given
            : Pack(Path.Combine(Scratch, "packages"));
        ToolPath = Path.Combine(Scratch, "tools");
        Install = Dotnet(Scratch, "tool", "install", "--tool-path", ToolPath, "--add-source", Packages, "KnowledgeOS");
    }

    public string Scratch { get; }

    public string Packages { get; }

    public string ToolPath { get; }

    /// <summary>What <c>dotnet tool install</c> printed.</summary>
    public ProcessRun Install { get; }

    /// <summary>The command the user runs (the tool path's shim).</summary>
    public string Kos => Path.Combine(ToolPath, "kos");

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeOS.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run inside the repository (no KnowledgeOS.slnx above " + AppContext.BaseDirectory + ").");
    }

    public static ProcessRun Dotnet(string cwd, params string[] args) => Exec("dotnet", cwd, args);

    public static ProcessRun Exec(string file, string cwd, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["KOS_ACTOR"] = "user:tester";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardInput.Close();
        p.WaitForExit();
        return new ProcessRun(p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string Pack(string output)
    {
        var run = Dotnet(RepositoryRoot(), "pack", "-c", "Release", "-p:PackageOutputPath=" + output + "/");
        Assert.True(run.Code == 0, "dotnet pack failed\n" + run);
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
