using System.Text.Json.Nodes;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// A tool call as kos sees it: the capability used, the files it writes (as the agent named them,
/// absolute or relative to the session's cwd) and the shell command it runs, if any.
/// </summary>
internal sealed record ToolUse(string Capability, string Kind, string Tool, IReadOnlyList<string> WritePaths, string? Shell)
{
    public bool Writes => WritePaths.Count > 0;

    /// <summary>Why kos cannot tell what this call writes (a write tool without a usable path, an input that is not an object), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>A tool none of the agents kos knows offers: strict mode refuses it, whatever it carries.</summary>
    public bool Unknown { get; init; }

    /// <summary>Reads the tool call out of an event in any agent's dialect.</summary>
    public static ToolUse? From(HookEvent e)
    {
        var tool = e.ToolName ?? CursorTool(e);
        if (tool is null)
        {
            return null;
        }

        var unreadable = e.ToolInput is not null and not JsonObject ? $"its tool_input is a {e.ToolInput.GetValueKind()}, not an object" : null;
        switch (tool)
        {
            case "Write" or "Edit" or "MultiEdit" or "write_file" or "replace" or "edit" or "afterFileEdit":
                var written = Paths(e.Input("file_path") ?? e.Input("path") ?? e.Input("absolute_path") ?? e.Str("file_path"));
                return new($"tool:{tool}", "tool", tool, written, null) { Problem = unreadable ?? (written.Length == 0 ? $"{tool} names no file (no string file_path)" : null) };
            case "NotebookEdit":
                var notebook = Paths(e.Input("notebook_path"));
                return new("tool:NotebookEdit", "tool", tool, notebook, null) { Problem = unreadable ?? (notebook.Length == 0 ? "NotebookEdit names no notebook_path" : null) };
            case "apply_patch":
                var patch = e.Input("command") ?? e.Input("input") ?? e.Input("patch") ?? "";
                var patched = ApplyPatch.Files(patch);
                return new("tool:apply_patch", "tool", tool, patched, null) { Problem = unreadable ?? (patched.Count == 0 ? "the patch names no file kos can read" : null) };
            case "Bash" or "run_shell_command" or "shell" or "exec_command" or "local_shell" or "beforeShellExecution" or "write_stdin":
                var command = e.Input("command") ?? e.Input("cmd") ?? e.Input("chars") ?? e.Str("command") ?? Argv(e.ToolInput);
                return new("shell:bash", "shell", tool, [], command ?? "") { Problem = unreadable ?? (command is null ? $"{tool} carries no string command" : null) };
            case "Agent" or "Task":
                return new($"subagent:{e.Input("subagent_type") ?? "general-purpose"}", "subagent", tool, [], null);
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

        return new($"tool:{tool}", "tool", tool, [], null) { Unknown = !KnownTools.Contains(tool), Problem = unreadable };
    }

    /// <summary>The tools the supported agents offer that write nothing themselves (writes go through the cases above).</summary>
    private static readonly HashSet<string> KnownTools = new(StringComparer.Ordinal)
    {
        // Claude Code
        "Read", "Glob", "Grep", "LS", "WebFetch", "WebSearch", "TodoWrite", "TodoRead", "NotebookRead", "ExitPlanMode", "EnterPlanMode",
        "BashOutput", "KillShell", "KillBash", "TaskOutput", "TaskStop", "AskUserQuestion", "ListMcpResourcesTool", "ReadMcpResourceTool",
        "SlashCommand", "ToolSearch", "Monitor",
        // Codex
        "update_plan", "view_image", "web_search",
        // Gemini CLI
        "read_file", "read_many_files", "list_directory", "glob", "search_file_content", "grep", "google_web_search", "web_fetch",
        "save_memory", "write_todos",
    };

    private static string? CursorTool(HookEvent e) => Adapters.Normal(e.EventName) switch
    {
        "beforeshellexecution" or "aftershellexecution" => "beforeShellExecution",
        "afterfileedit" => "afterFileEdit",
        "beforereadfile" => "Read",
        _ => null,
    };

    /// <summary>A command given as an argument vector (<c>["bash","-lc","…"]</c>), joined; null unless every element is a string.</summary>
    private static string? Argv(JsonNode? input) =>
        input is JsonObject o && (o["command"] ?? o["cmd"]) is JsonArray { Count: > 0 } a && a.All(x => x is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String)
            ? string.Join(' ', a.Select(x => x!.GetValue<string>()))
            : null;

    private static string[] Paths(string? path) => string.IsNullOrWhiteSpace(path) ? [] : [path];
}
