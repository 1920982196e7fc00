using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install;

namespace KnowledgeOS.Cli.Adapters.Copilot;

/// <summary>
/// GitHub Copilot: <c>.github/hooks/kos.json</c> (project: read by Copilot CLI in a trusted folder and by GitHub's
/// cloud coding agent) or <c>~/.copilot/hooks/kos.json</c> (user, needs no trust):
/// <c>{"version":1,"hooks":{"preToolUse":[{"type":"command","bash":…,"timeoutSec":30}]}}</c>.
/// </summary>
internal static class CopilotInstall
{
    public static readonly HookSpec[] Specs =
    [
        new("sessionStart", null, "session-start"),
        new("userPromptSubmitted", null, "user-prompt-submitted"),
        new("preToolUse", null, "pre-tool-use"),
        new("postToolUse", null, "post-tool-use"),
        new("postToolUseFailure", null, "post-tool-use-failure"),
        new("agentStop", null, "agent-stop"),
        new("subagentStop", null, "subagent-stop"),
        new("sessionEnd", null, "session-end"),
    ];

    public static IHookTarget Target { get; } = new FlatHooksFile("copilot", Specs, "bash",
        new JsonObject { ["type"] = "command", ["timeoutSec"] = HookCommandLine.AgentTimeoutSeconds },
        root => Path.Combine(root, ".github", "hooks", "kos.json"),
        env => Path.Combine(env("COPILOT_HOME") is { Length: > 0 } home ? home : Path.Combine(AgentFolders.Home(env), ".copilot"), "hooks", "kos.json"))
    {
        WillNotFireCheck = CopilotTrust.WillNotFire,
    };
}
