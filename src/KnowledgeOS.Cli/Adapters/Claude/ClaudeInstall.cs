using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install;

namespace KnowledgeOS.Cli.Adapters.Claude;

/// <summary>Claude Code: <c>.claude/settings.json</c> (project) or <c>~/.claude/settings.json</c> (user); timeouts in seconds.</summary>
internal static class ClaudeInstall
{
    public static readonly HookSpec[] Specs =
    [
        new("SessionStart", null, "session-start"),
        new("UserPromptSubmit", null, "user-prompt-submit"),
        new("PreToolUse", "*", "pre-tool-use"),
        new("PostToolUse", "*", "post-tool-use"),
        new("PostToolUseFailure", "*", "post-tool-use-failure"),
        new("Stop", null, "stop"),
        new("SubagentStop", null, "subagent-stop"),
        new("PostCompact", null, "post-compact"),
        new("SessionEnd", null, "session-end"),
    ];

    public static IHookTarget Target { get; } = new JsonHooksFile("claude", Specs, _ => new JsonObject { ["timeout"] = HookCommandLine.AgentTimeoutSeconds },
        (root, _) => Path.Combine(root, ".claude", "settings.json"),
        (_, env) => Path.Combine(env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".claude", "settings.json"),
        TimeProvider.System) { GuardKeys = ["disableAllHooks"] };
}
