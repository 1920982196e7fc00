using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install;

namespace KnowledgeOS.Cli.Adapters.Gemini;

/// <summary>
/// Gemini CLI: <c>.gemini/settings.json</c> (project; runs only in a trusted workspace) or
/// <c>~/.gemini/settings.json</c> (user); timeouts in MILLISECONDS; no matcher means every tool.
/// </summary>
internal static class GeminiInstall
{
    public static readonly HookSpec[] Specs =
    [
        new("SessionStart", null, "session-start"),
        new("BeforeAgent", null, "before-agent"),
        new("BeforeTool", null, "before-tool"),
        new("AfterTool", null, "after-tool"),
        new("AfterAgent", null, "after-agent"),
        new("SessionEnd", null, "session-end"),
    ];

    public static IHookTarget Target { get; } = new JsonHooksFile("gemini", Specs, _ => new JsonObject { ["name"] = "kos", ["timeout"] = HookCommandLine.AgentTimeoutSeconds * 1000 },
        (root, _) => Path.Combine(root, ".gemini", "settings.json"),
        (_, env) => Path.Combine(env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".gemini", "settings.json"),
        TimeProvider.System)
    {
        WillNotFireCheck = GeminiTrust.WillNotFire,
        TrustAction = GeminiTrust.Trust,
    };
}
