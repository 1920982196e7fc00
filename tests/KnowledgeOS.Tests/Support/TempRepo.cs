using System.Diagnostics;

namespace KnowledgeOS.Testing;

/// <summary>A real git repository in a temporary folder, deleted afterwards.</summary>
public sealed class TempRepo : IDisposable
{
    public TempRepo(bool init = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "kos-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        if (init)
        {
            Git("init", "-q", "-b", "main");
            Git("config", "user.email", "test@example.invalid");
            Git("config", "user.name", "kos test");
            Git("config", "commit.gpgsign", "false");
            Write("README.md", "# test\n");
            Git("add", ".");
            // A root commit of its own (the folder name is in its message): on the team store every project key is unique.
            Git("commit", "-qm", "initial " + System.IO.Path.GetFileName(Root));
        }
    }

    public string Root { get; }

    public string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr}");
        }

        return stdout.Trim();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process of the test may still hold a file; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
