namespace KnowledgeOS.Serve.Hosting;

/// <summary>
/// Whether kos-serve was started from an AI agent's context. The seam where the kernel's agent-context
/// detection (issue 10, the fence) plugs in once it lands; until then the agents' own environment
/// markers, which their shell tools set for every command they run.
/// </summary>
internal static class AgentContext
{
    private static readonly string[] Markers =
    [
        "CLAUDECODE", "CLAUDE_CODE_SESSION_ID", "CLAUDE_CODE_ENTRYPOINT", "AI_AGENT", "CODEX_SANDBOX",
        "CODEX_SANDBOX_NETWORK_DISABLED", "CODEX_THREAD_ID", "GEMINI_CLI", "CURSOR_AGENT", "KOS_SESSION",
    ];

    /// <summary>The marker that gave the agent away, or null for a person's terminal.</summary>
    public static string? Detect(Func<string, string?> env) =>
        Markers.FirstOrDefault(m => env(m) is { Length: > 0 }) is { } found ? $"{found} is set" : null;
}
