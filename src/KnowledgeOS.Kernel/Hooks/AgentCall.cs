using System.Text.Json.Nodes;

namespace KnowledgeOS.Hooks;

/// <summary>
/// An agent's hook event as its adapter translated it: what kos needs to decide, in no agent's
/// dialect. <see cref="NamedTask"/> and <see cref="EnvSession"/> come from the agent's environment
/// (<c>KOS_TASK</c>, <c>KOS_SESSION</c>).
/// </summary>
public sealed record AgentCall(string Agent, string Event, string Cwd)
{
    public string? Session { get; init; }

    /// <summary>Set on tool events inside a subagent: the call belongs to the parent session's task.</summary>
    public string? SubagentId { get; init; }

    /// <summary>Which subagent a tool event inside a subagent belongs to (Claude Code's <c>agent_type</c>: <c>maestro:coder</c>).</summary>
    public string? SubagentType { get; init; }

    /// <summary>The agent's own name for the event (<c>hook_event_name</c>), recorded with capability uses.</summary>
    public string? HookEvent { get; init; }

    public string? Tool { get; init; }

    public JsonNode? ToolInput { get; init; }

    /// <summary>The tool's response, or its error when it failed.</summary>
    public JsonNode? ToolResponse { get; init; }

    public bool Failed { get; init; }

    /// <summary>The agent can hand a tool call to the user (registry policy ask).</summary>
    public bool CanAsk { get; init; }

    public string? LastMessage { get; init; }

    /// <summary>The agent is already continuing because of a stop block: never block again.</summary>
    public bool StopHookActive { get; init; }

    public string? Prompt { get; init; }

    public string? Source { get; init; }

    public string? Model { get; init; }

    /// <summary>The whole payload, for events kos only records.</summary>
    public JsonObject? Payload { get; init; }

    public string? NamedTask { get; init; }

    public string? EnvSession { get; init; }

    /// <summary>
    /// The agent's shell runs inside a fence (<c>kos agent</c> set <c>KOS_FENCED</c>, or the repository's Claude Code
    /// sandbox settings): it cannot write the ledger, so kos's texts name the MCP tools rather than kos commands.
    /// </summary>
    public bool Fenced { get; init; }
}

/// <summary>
/// A post-tool call begun before the ledger was opened (<see cref="AgentHooks.BeginPostTool"/>): the tool classified, and
/// the tree being read when the call's writes are found by reconciliation.
/// </summary>
public sealed record PostToolStart(Capabilities.ToolUse Use, Task<Scopes.TreeObservation>? Observing);
