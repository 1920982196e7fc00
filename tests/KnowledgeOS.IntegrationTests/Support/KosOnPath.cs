using System.Runtime.CompilerServices;

namespace KnowledgeOS.Testing;

/// <summary>
/// Installed hooks start the <c>kos</c> on PATH (never a build path), so the tests put a <c>kos</c>
/// that runs the binary under test first on this process's PATH, which every agent CLI and hook
/// started from here inherits. A test that needs kos missing passes its own PATH.
/// </summary>
public static class KosOnPath
{
    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), $"kos-on-path-{Environment.ProcessId}");

    [ModuleInitializer]
    internal static void Install()
    {
        Directory.CreateDirectory(Folder);
        var shim = Path.Combine(Folder, "kos");
        var bin = KosProcess.Binary;
        var exec = bin.EndsWith(".dll", StringComparison.Ordinal) ? $"exec dotnet '{bin}' \"$@\"" : $"exec '{bin}' \"$@\"";
        File.WriteAllText(shim, $"#!/bin/sh\n{exec}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, (UnixFileMode)0b111_101_101);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        if (!path.Split(Path.PathSeparator).Contains(Folder))
        {
            Environment.SetEnvironmentVariable("PATH", Folder + Path.PathSeparator + path);
        }
    }

    /// <summary>PATH without the kos shim: what a clone without kos installed sees.</summary>
    public static string WithoutKos =>
        string.Join(Path.PathSeparator, (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Where(d => d != Folder && !File.Exists(Path.Combine(d, "kos"))));
}
