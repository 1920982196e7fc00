namespace KnowledgeOS.Launch;

/// <summary>How an agent's OS sandbox is set up when <c>kos agent</c> starts it.</summary>
public enum SandboxKind
{
    /// <summary>Claude Code's own sandbox, configured by the fence's settings file (<c>.claude/settings.local.json</c>).</summary>
    ClaudeSettings,

    /// <summary>Codex's own sandbox, given a permission profile on its command line.</summary>
    CodexProfile,

    /// <summary>No usable sandbox of its own here: the whole agent runs under bubblewrap.</summary>
    Bwrap,
}

/// <summary>
/// What <c>kos agent</c> needs to know of one agent, as data: its program, the flag that sets its
/// session ID (null: the agent picks its own, and the claim follows it at its first hook), and its sandbox.
/// </summary>
/// <remarks>
/// <see cref="HookScope"/> is where missing hooks are installed: the user's own file for agents that load a project's
/// hook files only in a folder they were told to trust (Codex, Gemini CLI, Qwen Code, Copilot CLI).
/// <see cref="Refused"/> lists the agent arguments <c>kos agent</c> will not pass through (an argument equal to one, or
/// starting with one followed by '='), with why: they would pick another session or turn the sandbox off.
/// </remarks>
public sealed record AgentProfile(string Name, string Program, string? SessionFlag, SandboxKind Sandbox, string HookScope, IReadOnlyList<(string Arg, string Why)> Refused)
{
    private const string OwnSession = "kos agent starts the agent on a fresh session it claimed the task for";
    private const string Sandboxed = "kos agent runs the agent inside the task's sandbox";

    public static readonly AgentProfile[] All =
    [
        new("claude", "claude", "--session-id", SandboxKind.ClaudeSettings, "project",
            [("--session-id", OwnSession), ("--resume", OwnSession), ("-r", OwnSession), ("--continue", OwnSession), ("-c", OwnSession), ("--fork-session", OwnSession)]),
        new("codex", "codex", null, SandboxKind.CodexProfile, "user",
            [("--dangerously-bypass-approvals-and-sandbox", Sandboxed), ("--yolo", Sandboxed), ("--sandbox", Sandboxed), ("-s", Sandboxed), ("--full-auto", Sandboxed),
             ("-p", Sandboxed + " (a config profile may set sandbox_mode)"), ("--profile", Sandboxed + " (a config profile may set sandbox_mode)"),
             ("sandbox_mode", Sandboxed), ("default_permissions", Sandboxed), ("permissions.", Sandboxed), ("sandbox_workspace_write", Sandboxed)]),
        new("gemini", "gemini", null, SandboxKind.Bwrap, "user", [("--sandbox", Sandboxed + " (bubblewrap, not Docker)"), ("-s", Sandboxed + " (bubblewrap, not Docker)")]),
        new("qwen", "qwen", null, SandboxKind.Bwrap, "user", [("--sandbox", Sandboxed + " (bubblewrap, not Docker)"), ("-s", Sandboxed + " (bubblewrap, not Docker)")]),
        new("copilot", "copilot", null, SandboxKind.Bwrap, "user", []),
        new("opencode", "opencode", null, SandboxKind.Bwrap, "project", [("--pure", "it turns kos's plugin, the only way kos governs OpenCode, off")]),
    ];

    /// <summary>
    /// Under bubblewrap: the folders in the user's home the agent keeps its own state in (writable), and its
    /// configuration files there that hold kos's hooks (read-only, so the agent cannot unhook itself).
    /// </summary>
    public (string[] State, string[] Config) Home => Name switch
    {
        "gemini" => ([".gemini"], [".gemini/settings.json"]),
        "qwen" => ([".qwen"], [".qwen/settings.json"]),
        "copilot" => ([".copilot", ".cache/copilot"], [".copilot/hooks", ".copilot/config.json"]),
        "opencode" => ([".local/share/opencode", ".local/state/opencode", ".cache/opencode", ".config/opencode"], [".config/opencode/plugins", ".config/opencode/plugin", ".config/opencode/opencode.json"]),
        _ => ([], []),
    };

    /// <summary>Why <paramref name="args"/> cannot be passed through (the first refused one), or null.</summary>
    public string? RefusedArgument(IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            foreach (var (refused, why) in Refused)
            {
                if (arg == refused || arg.StartsWith(refused + "=", StringComparison.Ordinal) || (!refused.StartsWith('-') && arg.StartsWith(refused, StringComparison.Ordinal)))
                {
                    return $"'{arg}' is not passed to {Name}: {why}.";
                }
            }
        }

        return null;
    }

    public static string Names => string.Join(", ", All.Select(p => p.Name));

    public static AgentProfile? Find(string name) => All.FirstOrDefault(p => p.Name == name.ToLowerInvariant());
}
