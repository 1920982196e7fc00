using System.Diagnostics;

namespace KnowledgeOS.Testing;

/// <summary>What one kos process printed and returned.</summary>
public sealed record ProcessRun(int Code, string Out, string Err)
{
    public string FirstLine => Out.Split('\n')[0].Trim();

    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}--- stderr\n{Err}";
}

/// <summary>
/// Runs the real kos executable: the Native AOT binary named by KOS_BIN (test.sh publishes it; a KOS_BIN
/// naming a missing file fails the test rather than quietly testing something else), else the kos.dll
/// built beside the tests, through dotnet.
/// </summary>
public static class KosProcess
{
    public static string Binary => Environment.GetEnvironmentVariable("KOS_BIN") is { Length: > 0 } bin
        ? File.Exists(bin) ? bin : throw new InvalidOperationException($"KOS_BIN={bin} does not exist: publish kos there (./test.sh does) or unset KOS_BIN to run kos.dll")
        : Path.Combine(AppContext.BaseDirectory, "kos.dll");

    public static ProcessStartInfo StartInfo(string cwd, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var bin = Binary;
        var psi = bin.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") : new ProcessStartInfo(bin);
        if (bin.EndsWith(".dll", StringComparison.Ordinal))
        {
            psi.ArgumentList.Add(bin);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.WorkingDirectory = cwd;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        psi.UseShellExecute = false;
        psi.Environment["KOS_ACTOR"] = "user:tester";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        return psi;
    }

    public static ProcessRun Run(string cwd, params string[] args) => Run(cwd, null, null, args);

    public static ProcessRun Run(string cwd, IReadOnlyDictionary<string, string>? env, string? stdin, params string[] args)
    {
        using var p = Process.Start(StartInfo(cwd, args, env))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                p.StandardInput.Write(stdin);
            }

            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // kos may refuse and exit before reading all of its input; its exit code and output say why.
        }

        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"kos {string.Join(' ', args)} did not finish in 2 minutes");
        }

        return new ProcessRun(p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    public static ProcessRun Ok(string cwd, params string[] args)
    {
        var r = Run(cwd, args);
        Assert.True(r.Code == 0, $"kos {string.Join(' ', args)}\n{r}");
        return r;
    }
}
