using KnowledgeOS.Cli.Adapters.Install;
using KnowledgeOS.Cli.Adapters.Install.Jsonc;
using KnowledgeOS.Git;

namespace KnowledgeOS.Cli.Adapters.Git;

/// <summary>
/// The git <c>pre-commit</c> hook (in <c>core.hooksPath</c> if set). An existing hook is kept and
/// chained: it moves to <c>pre-commit.kos-chained</c> and runs first; uninstall puts it back.
/// </summary>
internal sealed class GitHookInstall : IHookTarget
{
    private const string Marker = "# kos: installed by 'kos hooks install --agent git'";
    private const string ChainedSuffix = ".kos-chained";

    public string Agent => "git";

    public string File(string root, string scope, Func<string, string?> env)
    {
        var dir = GitCli.Run(root, "rev-parse", "--git-path", "hooks").Stdout.Trim();
        return Path.Combine(Path.GetFullPath(dir.Length > 0 ? dir : ".git/hooks", root), "pre-commit");
    }

    public InstallResult Install(string file, string kos, bool dryRun = false)
    {
        var script = $"""
            #!/bin/sh
            {Marker}; 'kos hooks uninstall --agent git' removes it.
            # A hook that was here before kos runs first, unchanged.
            if [ -x "$0{ChainedSuffix}" ]; then "$0{ChainedSuffix}" "$@" || exit $?; fi
            exec {kos} hook git pre-commit

            """;
        List<string> entries = [$"pre-commit: {kos} hook git pre-commit"];
        var current = System.IO.File.Exists(file) ? System.IO.File.ReadAllText(file) : null;
        if (current == script)
        {
            return new InstallResult(Agent, file, false, null, entries, "already up to date");
        }

        // A hook that is not kos's moves aside and runs first.
        var chains = current is not null && !current.Contains(Marker, StringComparison.Ordinal);
        if (chains && System.IO.File.Exists(file + ChainedSuffix))
        {
            throw KosException.Input($"{file + ChainedSuffix} already exists; kos will not overwrite a chained hook. Move it aside, then run this again.");
        }

        if (dryRun)
        {
            var diff = (chains ? UnifiedDiff.Of(file + ChainedSuffix, null, current) : "") + UnifiedDiff.Of(file, current, script);
            return new InstallResult(Agent, file, false, null, entries,
                chains ? $"dry run: nothing written; the existing hook would move to {Path.GetFileName(file)}{ChainedSuffix} and run first" : "dry run: nothing written", diff);
        }

        string? backup = null;
        if (chains)
        {
            backup = HookTargets.Backup(file, TimeProvider.System);
            System.IO.File.Move(file, file + ChainedSuffix);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        System.IO.File.WriteAllText(file, script);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(file, (UnixFileMode)0b111_101_101);
        }
        return new InstallResult(Agent, file, true, backup, entries,
            System.IO.File.Exists(file + ChainedSuffix) ? $"the existing hook runs first ({Path.GetFileName(file)}{ChainedSuffix})" : null);
    }

    public InstallResult Uninstall(string file, bool dryRun = false)
    {
        if (!System.IO.File.Exists(file) || System.IO.File.ReadAllText(file) is var current && !current.Contains(Marker, StringComparison.Ordinal))
        {
            return new InstallResult(Agent, file, false, null, [], "no kos hook found");
        }

        var chained = file + ChainedSuffix;
        var restored = System.IO.File.Exists(chained);
        if (dryRun)
        {
            // The chained hook comes back in kos's place.
            var previous = restored ? System.IO.File.ReadAllText(chained) : null;
            var diff = UnifiedDiff.Of(file, current, previous) + (restored ? UnifiedDiff.Of(chained, previous, null) : "");
            return new InstallResult(Agent, file, false, null, ["pre-commit"],
                restored ? "dry run: nothing written; the previous hook would be back in place" : "dry run: nothing written", diff);
        }

        System.IO.File.Delete(file);
        if (restored)
        {
            System.IO.File.Move(chained, file);
        }

        return new InstallResult(Agent, file, true, null, ["pre-commit"], restored ? "the previous hook is back in place" : null);
    }

    /// <summary>The hook script is kos's whole: sealed as written, with whether git may run it (git skips a hook that is not executable).</summary>
    public IReadOnlyList<(string Key, string Content, bool Json)> Owned(string file)
    {
        if (!System.IO.File.Exists(file) || System.IO.File.ReadAllText(file) is not { } text || !text.Contains(Marker, StringComparison.Ordinal))
        {
            return [];
        }

        var executable = OperatingSystem.IsWindows() || (System.IO.File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;
        return [("pre-commit", text + (executable ? "" : "\n(not executable: git skips it)"), false)];
    }

    public IReadOnlyList<(string Event, string Command)> Installed(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return [];
        }

        var line = System.IO.File.ReadAllLines(file).FirstOrDefault(l => l.StartsWith("exec ", StringComparison.Ordinal) && l.Contains(" hook git ", StringComparison.Ordinal));
        return System.IO.File.ReadAllText(file).Contains(Marker, StringComparison.Ordinal) && line is not null ? [("pre-commit", line[5..].Trim())] : [];
    }
}
