namespace KnowledgeOS.Cli.Adapters.Install;

/// <summary>One event kos registers for, with the tool matcher (null: the agent's "every").</summary>
internal sealed record HookSpec(string Event, string? Matcher, string Argument);

/// <summary>What installing for one agent and scope did or would do.</summary>
internal sealed record InstallResult(string Agent, string File, bool Changed, string? Backup, IReadOnlyList<string> Entries, string? Note = null);

/// <summary>An agent's configuration file and how kos hooks are written into it.</summary>
internal interface IHookTarget
{
    string Agent { get; }

    /// <summary>The file kos edits for this scope (<c>project</c> or <c>user</c>).</summary>
    string File(string root, string scope, Func<string, string?> env);

    InstallResult Install(string file, string kos);

    InstallResult Uninstall(string file);

    /// <summary>The kos commands installed in the file, by event.</summary>
    IReadOnlyList<(string Event, string Command)> Installed(string file);

    /// <summary>
    /// Why the agent will not run the installed hooks at all (an untrusted folder, plugins turned off, an edited
    /// plugin), or null. <c>kos hooks status</c> never reports such hooks as working.
    /// </summary>
    string? WillNotFire(string root, string scope, string file, Func<string, string?> env) => null;
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

    /// <summary>A copy beside the file, taken before kos changes it.</summary>
    public static string? Backup(string file, TimeProvider clock)
    {
        if (!System.IO.File.Exists(file))
        {
            return null;
        }

        var backup = $"{file}.kos-backup-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
        System.IO.File.Copy(file, backup, overwrite: true);
        return backup;
    }

    /// <summary>True for a command kos installed for <paramref name="agent"/>.</summary>
    public static bool IsKos(string? command, string agent) => HookCommandLine.IsKos(command, agent);
}
