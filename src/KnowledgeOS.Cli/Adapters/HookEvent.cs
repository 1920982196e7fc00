using System.Text.Json.Nodes;
using KnowledgeOS.Hooks;

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

    /// <summary>The tool, in the names the kernel's classifier knows; Cursor names its hooks, not its tools.</summary>
    public string? ToolName => Agent == "cursor" ? CursorTool() : Str("tool_name");

    /// <summary>The tool's arguments; Cursor sends them at the top level (<c>command</c>, <c>file_path</c>).</summary>
    public JsonNode? ToolInput => Raw["tool_input"] ?? (Agent == "cursor" ? Raw : null);

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

    /// <summary>The event in no agent's dialect, for the kernel's hook services.</summary>
    public AgentCall ToCall(string cwd, bool canAsk, Func<string, string?> env) => new(Agent, EventName, cwd)
    {
        Session = SessionId,
        SubagentId = SubagentId,
        SubagentType = SubagentType,
        HookEvent = Str("hook_event_name"),
        Tool = ToolName,
        ToolInput = ToolInput,
        ToolResponse = ToolResponse ?? Raw["error"],
        Failed = Raw["error"] is not null || Adapters.Normal(EventName) == "posttoolusefailure",
        CanAsk = canAsk,
        LastMessage = LastMessage,
        StopHookActive = StopHookActive,
        Prompt = Prompt,
        Source = Source ?? Str("trigger"),
        Model = Str("model"),
        Payload = Raw,
        NamedTask = env("KOS_TASK"),
        EnvSession = env("KOS_SESSION"),
        Fenced = env("KOS_FENCED") == "1",
    };

    private string? CursorTool() => Adapters.Normal(EventName) switch
    {
        "beforeshellexecution" or "aftershellexecution" => "beforeShellExecution",
        "afterfileedit" => "afterFileEdit",
        "beforereadfile" => "Read",
        "beforemcpexecution" or "aftermcpexecution" when Str("tool_name") is { } t => t.StartsWith("mcp__", StringComparison.Ordinal) ? t : "mcp__" + t,
        _ => Str("tool_name"),
    };

    public string? Str(string name) =>
        Raw[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>A string field of <see cref="ToolInput"/>.</summary>
    public string? Input(string name) =>
        ToolInput is JsonObject o && o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
