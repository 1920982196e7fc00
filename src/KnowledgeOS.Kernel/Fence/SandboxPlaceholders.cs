using KnowledgeOS.Scopes;

namespace KnowledgeOS.Fence;

/// <summary>
/// The empty files an agent's sandbox leaves in the work tree while one of its commands runs. Claude Code's sandbox
/// guards a missing path it must keep unwritable (<c>.bashrc</c>, <c>.claude/hooks</c>, a missing agent config kos
/// denies) by mounting <c>/dev/null</c> over it, so bwrap makes an empty file there on the host, and the sandbox
/// removes it when the command ends. Another session sharing the tree that looks in between would see a new file
/// appear and vanish. Such a file is not a change: untracked, a regular file, empty, at a path a sandbox guards.
/// Emptying or replacing a file that was there is still a change (it was tracked, or had content), and an empty
/// file carries nothing.
/// </summary>
public static class SandboxPlaceholders
{
    /// <summary>What Claude Code's sandbox guards in every work tree (2.1.x), besides kos's own deny list.</summary>
    private static readonly string[] Claude =
    [
        ".gitconfig", ".gitmodules", ".bashrc", ".bash_profile", ".zshrc", ".zprofile", ".profile", ".ripgreprc", ".mcp.json",
        ".vscode", ".idea", ".claude/skills", ".claude/hooks", ".claude/agents", ".claude/commands", ".claude/launch.json",
        ".claude/workflows", ".claude/routines", ".claude/scheduled_tasks.json", ".claude/settings.json", ".claude/settings.local.json",
    ];

    private static readonly HashSet<string> Guarded = new(
        Claude.Concat(FencePlan.AgentConfigs).Concat(ProtectedPaths.GovernanceFiles).Concat(ProtectedPaths.GovernanceFolders.Select(f => f.TrimEnd('/'))),
        StringComparer.Ordinal);

    /// <summary>Whether the untracked <paramref name="relative"/> path of <paramref name="root"/> is a sandbox's placeholder.</summary>
    public static bool IsPlaceholder(string root, string relative) =>
        Guarded.Contains(relative) && new FileInfo(Path.Combine(root, relative)) is { Exists: true, Length: 0, LinkTarget: null };
}
