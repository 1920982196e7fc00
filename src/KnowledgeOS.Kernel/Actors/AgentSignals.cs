namespace KnowledgeOS.Actors;

/// <summary>
/// What gives an agent's context away, as data. Environment variables are what the real clients set
/// for the processes they start (observed: Claude Code 2.1 sets CLAUDECODE=1, AI_AGENT=claude-code_…,
/// CLAUDE_CODE_SESSION_ID, CLAUDE_CODE_ENTRYPOINT; Codex sets CODEX_SANDBOX / CODEX_THREAD_ID in its
/// shells; Gemini CLI sets GEMINI_CLI=1). Program names are how an agent's own process shows in /proc.
/// </summary>
internal static class AgentSignals
{
    /// <summary>Variable → agent, in the order they are tried; the session variable (if any) names the session.</summary>
    public static readonly (string Variable, string Agent, string? SessionVariable)[] Variables =
    [
        ("CLAUDE_CODE_SESSION_ID", "claude", "CLAUDE_CODE_SESSION_ID"),
        ("CLAUDECODE", "claude", "CLAUDE_CODE_SESSION_ID"),
        ("CLAUDE_CODE_ENTRYPOINT", "claude", "CLAUDE_CODE_SESSION_ID"),
        ("CODEX_THREAD_ID", "codex", "CODEX_THREAD_ID"),
        ("CODEX_SANDBOX", "codex", "CODEX_THREAD_ID"),
        ("CODEX_SANDBOX_NETWORK_DISABLED", "codex", "CODEX_THREAD_ID"),
        ("CODEX_MANAGED_BY_NPM", "codex", "CODEX_THREAD_ID"),
        ("GEMINI_CLI", "gemini", null),
        ("QWEN_CODE", "qwen", null),
        ("CURSOR_AGENT", "cursor", null),
        ("COPILOT_AGENT", "copilot", null),
        ("OPENCODE", "opencode", null),
        ("AI_AGENT", "", null),
        ("KOS_AGENT_SESSION", "", "KOS_AGENT_SESSION"),
        ("KOS_SESSION", "", "KOS_SESSION"),
    ];

    /// <summary>Executable or script names (basename, lower case) of the agents' own processes.</summary>
    public static readonly (string Name, string Agent)[] Programs =
    [
        ("claude", "claude"), ("claude.exe", "claude"),
        ("codex", "codex"), ("codex.js", "codex"), ("codex-linux-sandbox", "codex"),
        ("gemini", "gemini"), ("gemini.js", "gemini"),
        ("qwen", "qwen"), ("cursor-agent", "cursor"), ("copilot", "copilot"), ("opencode", "opencode"),
    ];

    /// <summary>Package paths that name an agent when its program is a generic script (node …/cli.js).</summary>
    public static readonly (string PathPart, string Agent)[] Packages =
    [
        ("@anthropic-ai/claude-code", "claude"), ("@openai/codex", "codex"), ("@google/gemini-cli", "gemini"),
        ("@qwen-code/", "qwen"), ("@github/copilot", "copilot"), ("opencode-ai", "opencode"),
    ];

    /// <summary>An agent name from AI_AGENT's value (claude-code_2-1-197_agent → claude).</summary>
    public static string FromAiAgent(string value)
    {
        var v = value.ToLowerInvariant();
        foreach (var (part, agent) in new[] { ("claude", "claude"), ("codex", "codex"), ("gemini", "gemini"), ("qwen", "qwen"), ("cursor", "cursor"), ("copilot", "copilot"), ("opencode", "opencode") })
        {
            if (v.Contains(part, StringComparison.Ordinal))
            {
                return agent;
            }
        }

        return "unknown";
    }
}
