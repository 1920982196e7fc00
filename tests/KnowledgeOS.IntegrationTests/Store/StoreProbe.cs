using System.Diagnostics;

namespace KnowledgeOS.IntegrationTests.Store;

/// <summary>Runs tests/KnowledgeOS.StoreProbe: a real process appending through the kernel's store path.</summary>
public static class StoreProbe
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "KnowledgeOS.StoreProbe.dll");

    public static Process Start(string cwd, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        return p;
    }

    /// <summary>Appends <paramref name="count"/> notes, one write transaction each, through the store kos would open here.</summary>
    public static void Append(string cwd, int count, string label = "probe", IReadOnlyDictionary<string, string>? env = null)
    {
        var (code, output) = Finish(Start(cwd, env ?? new Dictionary<string, string>(), "append", count.ToString(System.Globalization.CultureInfo.InvariantCulture), label));
        if (code != 0)
        {
            throw new InvalidOperationException($"the store probe failed to append {count} events (exit {code}): {output}");
        }
    }

    public static (int Code, string Output) Finish(Process p)
    {
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }
}
