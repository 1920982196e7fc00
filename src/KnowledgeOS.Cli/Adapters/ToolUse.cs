namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// A tool call as kos sees it: the capability used, the files it writes (as the agent named them,
/// absolute or relative to the session's cwd) and the shell command it runs, if any.
/// </summary>
internal sealed record ToolUse(string Capability, string Kind, string Tool, IReadOnlyList<string> WritePaths, string? Shell)
{
    /// <summary>The subagent a dispatch names, when the agent's tool does not call it subagent_type (Codex's spawn_agent).</summary>
    public string? SubagentType { get; init; }

    public bool Writes => WritePaths.Count > 0;

    /// <summary>Reads the tool call out of an event in any agent's dialect.</summary>
    public static ToolUse? From(HookEvent e)
    {
        var tool = e.ToolName ?? CursorTool(e);
        if (tool is null)
        {
            return null;
        }

        switch (tool)
        {
            case "Write" or "Edit" or "MultiEdit" or "write_file" or "replace" or "edit" or "afterFileEdit":
                return new($"tool:{tool}", "tool", tool, Paths(e.Input("file_path") ?? e.Input("path") ?? e.Input("absolute_path") ?? e.Str("file_path")), null);
            case "NotebookEdit":
                return new("tool:NotebookEdit", "tool", tool, Paths(e.Input("notebook_path")), null);
            case "apply_patch":
                var patch = e.Input("command") ?? e.Input("input") ?? e.Input("patch") ?? "";
                return new("tool:apply_patch", "tool", tool, ApplyPatch.Files(patch), null);
            case "Bash" or "run_shell_command" or "shell" or "exec_command" or "local_shell" or "beforeShellExecution":
                var command = e.Input("command") ?? e.Input("cmd") ?? e.Str("command") ?? "";
                return new("shell:bash", "shell", tool, [], command);
            case "Agent" or "Task":
                return new($"subagent:{e.Input("subagent_type") ?? "general-purpose"}", "subagent", tool, [], null);
            case "spawn_agent":
                var spawned = Registry.Catalog.Specialists.Spawned(e.Input("agent_type"), e.Input("message") ?? e.Input("prompt"));
                return new($"subagent:{spawned}", "subagent", tool, [], null) { SubagentType = spawned };
            case "Skill":
                return new($"skill:{e.Input("skill") ?? e.Input("name") ?? e.Input("command") ?? "unknown"}", "skill", tool, [], null);
        }

        if (tool.StartsWith("mcp__", StringComparison.Ordinal))
        {
            // mcp__server__tool; plugin servers are mcp__plugin_<plugin>_<server>__tool.
            var rest = tool["mcp__".Length..];
            var cut = rest.IndexOf("__", StringComparison.Ordinal);
            return cut > 0
                ? new($"mcp:{rest[..cut]}/{rest[(cut + 2)..]}", "mcp", tool, [], null)
                : new($"mcp:{rest}", "mcp", tool, [], null);
        }

        if (e.Agent == "cursor" && e.EventName.Contains("mcp", StringComparison.OrdinalIgnoreCase))
        {
            return new($"mcp:{tool}", "mcp", tool, [], null);
        }

        return new($"tool:{tool}", "tool", tool, [], null);
    }

    private static string? CursorTool(HookEvent e) => Adapters.Normal(e.EventName) switch
    {
        "beforeshellexecution" or "aftershellexecution" => "beforeShellExecution",
        "afterfileedit" => "afterFileEdit",
        "beforereadfile" => "Read",
        _ => null,
    };

    private static string[] Paths(string? path) => string.IsNullOrWhiteSpace(path) ? [] : [path];
}
