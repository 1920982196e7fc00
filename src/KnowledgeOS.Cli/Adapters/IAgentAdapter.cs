using System.Text.Json.Nodes;
using KnowledgeOS.Hooks;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// One agent's dialect: how its hook events are named, and how it expects to be answered.
/// The decision itself is made once, agent-independently, by <see cref="HookEngine"/>.
/// </summary>
internal interface IAgentAdapter
{
    string Name { get; }

    /// <summary>Whether the agent can hand a tool call to the user (Claude Code <c>permissionDecision: "ask"</c>, Cursor <c>"ask"</c>).</summary>
    bool CanAsk { get; }

    /// <summary>Maps the event argument (<c>pre-tool-use</c>, <c>PreToolUse</c>, <c>BeforeTool</c>…) to a kind.</summary>
    HookKind Classify(string eventName);

    HookReply Render(HookEvent e, HookDecision d);

    /// <summary>
    /// The payload in the field names <see cref="HookEvent"/> reads (<c>session_id</c>, <c>tool_name</c>,
    /// <c>tool_input</c>, <c>tool_response</c>, <c>cwd</c>…), for agents that name them otherwise
    /// (Copilot CLI's <c>toolName</c>/<c>toolArgs</c>). Only renames: what the agent sent is kept.
    /// </summary>
    JsonObject Translate(JsonObject raw) => raw;

    /// <summary>The answer when kos itself failed and strict mode says a tool call must not proceed.</summary>
    HookReply FailClosed(HookKind kind, string eventName, string reason);
}

internal static class Adapters
{
    public static IAgentAdapter? Find(string agent) => agent.ToLowerInvariant() switch
    {
        "claude" or "claude-code" => new Claude.ClaudeAdapter(),
        "codex" => new Codex.CodexAdapter(),
        "gemini" => new Gemini.GeminiAdapter(),
        "cursor" => new Cursor.CursorAdapter(),
        "copilot" => new Copilot.CopilotAdapter(),
        "qwen" => new Qwen.QwenAdapter(),
        "opencode" => new OpenCode.OpenCodeAdapter(),
        _ => null,
    };

    public static readonly string[] Names = ["claude", "codex", "gemini", "cursor", "copilot", "qwen", "opencode", "git"];

    /// <summary>Event names compared without case, dashes or underscores: <c>pre-tool-use</c> = <c>PreToolUse</c>.</summary>
    public static string Normal(string eventName) =>
        eventName.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
}

/// <summary>The answer as the agent expects it: stdout, stderr and exit code.</summary>
internal sealed record HookReply(string Stdout, string Stderr, int ExitCode)
{
    public static readonly HookReply Silent = new("", "", 0);
}
