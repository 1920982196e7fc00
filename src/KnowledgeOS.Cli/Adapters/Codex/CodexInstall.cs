using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install;

namespace KnowledgeOS.Cli.Adapters.Codex;

/// <summary>
/// Codex CLI: <c>.codex/hooks.json</c> (project; loads only for a trusted project) or
/// <c>$CODEX_HOME/hooks.json</c> (user, default <c>~/.codex</c>); the Claude Code shape, timeouts in seconds.
/// </summary>
internal static class CodexInstall
{
    public static readonly HookSpec[] Specs =
    [
        new("SessionStart", null, "session-start"),
        new("UserPromptSubmit", null, "user-prompt-submit"),
        new("PreToolUse", "*", "pre-tool-use"),
        new("PostToolUse", "*", "post-tool-use"),
        new("Stop", null, "stop"),
    ];

    public static IHookTarget Target { get; } = new JsonHooksFile("codex", Specs, _ => new JsonObject { ["timeout"] = HookCommandLine.AgentTimeoutSeconds },
        (root, _) => Path.Combine(root, ".codex", "hooks.json"),
        (_, env) => Path.Combine(env("CODEX_HOME") ?? Path.Combine(env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codex"), "hooks.json"),
        TimeProvider.System)
    {
        WillNotFireCheck = CodexTrust.WillNotFire,
        TrustAction = CodexTrust.Trust,
    };
}
