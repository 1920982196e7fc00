using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>What an agent's hook event means to kos, whatever the agent calls it.</summary>
internal enum HookKind
{
    SessionStart,
    Prompt,
    PreTool,
    PostTool,
    Stop,
    SubagentStop,
    Compact,
    SessionEnd,
    Other,
}

/// <summary>An agent's hook payload, normalised. <see cref="Raw"/> keeps everything the agent sent.</summary>
internal sealed record HookEvent(
    string Agent,
    string EventName,
    HookKind Kind,
    JsonObject Raw)
{
    public string? SessionId => Str("session_id") ?? Str("conversation_id");

    public string? Cwd => Str("cwd") ?? (Raw["workspace_roots"] is JsonArray { Count: > 0 } roots ? roots[0]?.GetValue<string>() : null);

    public string? ToolName => Str("tool_name");

    public JsonNode? ToolInput => Raw["tool_input"];

    public JsonNode? ToolResponse => Raw["tool_response"];

    /// <summary>Set on tool events inside a subagent (Claude Code): the call belongs to the parent session's task.</summary>
    public string? SubagentId => Str("agent_id");

    /// <summary>The subagent a tool event inside a subagent belongs to (Claude Code's <c>agent_type</c>: <c>maestro:coder</c>).</summary>
    public string? SubagentType => Str("agent_type");

    /// <summary>The agent is already continuing because of a stop block (Cursor: a follow-up loop has run): never block again.</summary>
    public bool StopHookActive =>
        (Raw["stop_hook_active"] is JsonValue v && v.TryGetValue(out bool b) && b) ||
        (Raw["loop_count"] is JsonValue l && l.TryGetValue(out int n) && n > 0);

    public string? LastMessage => Str("last_assistant_message") ?? Str("prompt_response");

    public string? Prompt => Str("prompt");

    public string? Source => Str("source");

    public string? Str(string name) =>
        Raw[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>A string field of <see cref="ToolInput"/>.</summary>
    public string? Input(string name) =>
        ToolInput is JsonObject o && o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
