namespace KnowledgeOS.Registry;

/// <summary>The registry entry a tool use maps to, before any lookup.</summary>
public sealed record CapabilityRef(string Kind, string Name, string? Tool)
{
    /// <summary>The capability name markers and events use: <c>kind:name[/tool]</c>.</summary>
    public string Capability => Tool is null ? $"{Kind}:{Name}" : $"{Kind}:{Name}/{Tool}";
}

/// <summary>
/// Maps an agent's tool name to a registry entry: <c>mcp__srv__tool</c> → MCP server srv;
/// <c>Agent</c>/<c>Task</c> with a subagent_type → that subagent; <c>Skill</c> → that skill; shells → shell.
/// Agent-neutral: the names cover Claude Code, Codex and Gemini CLI.
/// </summary>
public static class ToolUse
{
    /// <summary>Claude Code runs this subagent when an Agent call names none.</summary>
    public const string DefaultSubagent = "general-purpose";

    public const string DefaultShell = "bash";

    public static CapabilityRef? Classify(string toolName, string? subagentType, string? skill)
    {
        if (toolName.StartsWith("mcp__", StringComparison.Ordinal))
        {
            var rest = toolName[5..];
            var split = rest.IndexOf("__", StringComparison.Ordinal);
            return split <= 0
                ? new CapabilityRef(EntryKinds.Mcp, rest, null)
                : new CapabilityRef(EntryKinds.Mcp, rest[..split], rest[(split + 2)..]);
        }

        return toolName switch
        {
            "Agent" or "Task" or "spawn_agent" => new CapabilityRef(EntryKinds.Subagent, string.IsNullOrWhiteSpace(subagentType) ? DefaultSubagent : subagentType.Trim(), null),
            "Skill" or "activate_skill" => string.IsNullOrWhiteSpace(skill) ? null : new CapabilityRef(EntryKinds.Skill, skill.Trim(), null),
            "Bash" or "run_shell_command" or "exec_command" or "shell" or "local_shell" => new CapabilityRef(EntryKinds.Shell, DefaultShell, null),
            _ => null,
        };
    }
}
