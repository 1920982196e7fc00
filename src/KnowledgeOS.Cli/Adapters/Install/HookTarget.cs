namespace KnowledgeOS.Cli.Adapters.Install;

/// <summary>One event kos registers for, with the tool matcher (null: the agent's "every").</summary>
internal sealed record HookSpec(string Event, string? Matcher, string Argument);

/// <summary>What installing for one agent and scope did or would do; <c>Diff</c>: with <c>--dry-run</c>, the unified diff of what would change.</summary>
internal sealed record InstallResult(string Agent, string File, bool Changed, string? Backup, IReadOnlyList<string> Entries, string? Note = null, string? Diff = null);

/// <summary>An agent's configuration file and how kos hooks are written into it.</summary>
internal interface IHookTarget
{
    string Agent { get; }

    /// <summary>The file kos edits for this scope (<c>project</c> or <c>user</c>).</summary>
    string File(string root, string scope, Func<string, string?> env);

    /// <summary>Adds kos's hooks; with <paramref name="dryRun"/> writes nothing and returns the diff it would apply.</summary>
    InstallResult Install(string file, string kos, bool dryRun = false);

    /// <summary>Removes exactly kos's hooks; with <paramref name="dryRun"/> writes nothing and returns the diff it would apply.</summary>
    InstallResult Uninstall(string file, bool dryRun = false);

    /// <summary>The kos commands installed in the file, by event.</summary>
    IReadOnlyList<(string Event, string Command)> Installed(string file);

    /// <summary>
    /// kos's own entries in the file, for the governance record: a key per entry (the hook event) and its content as
    /// kos wrote it (JSON, or text kos writes whole). Only kos's entries: the user's other settings stay theirs to edit.
    /// </summary>
    IReadOnlyList<(string Key, string Content, bool Json)> Owned(string file) =>
        [.. Installed(file).Select(i => (i.Event, i.Command, false))];

    /// <summary>
    /// Why the agent will not run the installed hooks at all (an untrusted folder, plugins turned off, an edited
    /// plugin), or null. <c>kos hooks status</c> never reports such hooks as working.
    /// </summary>
    string? WillNotFire(string root, string scope, string file, Func<string, string?> env) => null;

    /// <summary>Records the agent's trust in the project at <paramref name="root"/> (what it was, changed): a person's choice through <c>kos hooks install --trust</c>; null when nothing was needed or the agent has no such notion.</summary>
    string? Trust(string root, Func<string, string?> env) => null;
}

internal static class HookTargets
{
    public static IHookTarget? Find(string agent) => agent switch
    {
        "claude" => Claude.ClaudeInstall.Target,
        "codex" => Codex.CodexInstall.Target,
        "gemini" => Gemini.GeminiInstall.Target,
        "cursor" => Cursor.CursorInstall.Target,
        "copilot" => Copilot.CopilotInstall.Target,
        "qwen" => Qwen.QwenInstall.Target,
        "opencode" => new OpenCode.OpenCodePlugin(),
        "git" => new Git.GitHookInstall(),
        _ => null,
    };

    /// <summary>How hooks start kos: see <see cref="HookCommandLine.Executable"/>.</summary>
    public static string KosCommand(Func<string, string?> env) => HookCommandLine.Executable(env);

    /// <summary>
    /// A copy of the file taken before kos changes it: for a file in a git work tree under that tree's
    /// <c>.agent-os/state/backups/</c> (kos's own state: never an untracked change, never a violation),
    /// otherwise (the user's home) beside it.
    /// </summary>
    public static string? Backup(string file, TimeProvider clock)
    {
        if (!System.IO.File.Exists(file))
        {
            return null;
        }

        var stamp = $".kos-backup-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
        var backup = file + stamp;
        var repo = Project.GitRepository.Find(Path.GetDirectoryName(Path.GetFullPath(file))!);
        if (repo is not null)
        {
            var rel = Path.GetRelativePath(repo.WorkTree, Path.GetFullPath(file));
            if (!rel.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(rel))
            {
                backup = Path.Combine(Project.KosProject.Locate(repo.WorkTree).StateDir, "backups", rel + stamp);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        System.IO.File.Copy(file, backup, overwrite: true);
        return backup;
    }

    /// <summary>True for a command kos installed for <paramref name="agent"/>.</summary>
    public static bool IsKos(string? command, string agent) => HookCommandLine.IsKos(command, agent);
}
