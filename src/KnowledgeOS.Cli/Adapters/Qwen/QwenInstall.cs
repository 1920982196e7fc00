using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install;

namespace KnowledgeOS.Cli.Adapters.Qwen;

/// <summary>
/// Qwen Code: Claude-style <c>"hooks"</c> in <c>.qwen/settings.json</c> (project; skipped in an untrusted folder when
/// <c>security.folderTrust.enabled</c>) or <c>~/.qwen/settings.json</c> (user). Qwen lets a call through on exit 1,
/// so the installed command is the fail-closed wrapper: every exit but 0 becomes 2.
/// </summary>
internal static class QwenInstall
{
    public static readonly HookSpec[] Specs =
    [
        new("SessionStart", null, "session-start"),
        new("UserPromptSubmit", null, "user-prompt-submit"),
        new("PreToolUse", "*", "pre-tool-use"),
        new("PostToolUse", "*", "post-tool-use"),
        new("Stop", null, "stop"),
        new("SubagentStop", null, "subagent-stop"),
        new("SessionEnd", null, "session-end"),
    ];

    public static IHookTarget Target { get; } = new JsonHooksFile("qwen", Specs, _ => new JsonObject { ["timeout"] = HookCommandLine.AgentTimeoutSeconds * 1000 },
        (root, _) => Path.Combine(root, ".qwen", "settings.json"),
        (_, env) => Path.Combine(env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".qwen", "settings.json"),
        TimeProvider.System)
    {
        WillNotFireCheck = QwenTrust.WillNotFire,
    };
}
