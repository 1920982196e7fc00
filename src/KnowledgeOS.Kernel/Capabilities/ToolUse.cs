using System.Text.Json.Nodes;
using KnowledgeOS.Registry;

namespace KnowledgeOS.Capabilities;

/// <summary>
/// A tool call as kos sees it: the capability used (<c>tool:Write</c>, <c>shell:bash</c>,
/// <c>mcp:server/tool</c>, <c>subagent:NAME</c>, <c>skill:NAME</c>, <c>script:NAME</c>), the files it
/// writes (as the agent named them, absolute or relative to the session's cwd), the shell command it
/// runs, and the registry entry it maps to (<see cref="Registry"/>; null when the registry does not govern it).
/// </summary>
public sealed record ToolUse(string Capability, string Kind, string Tool, IReadOnlyList<string> WritePaths, string? Shell, CapabilityRef? Registry)
{
    /// <summary>Claude Code runs this subagent when an Agent call names none.</summary>
    public const string DefaultSubagent = "general-purpose";

    public const string DefaultShell = "bash";

    public bool Writes => WritePaths.Count > 0;

    /// <summary>Why kos cannot tell what this call writes (a write tool without a usable path, an input that is not an object), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>A tool none of the agents kos knows offers: strict mode refuses it, whatever it carries.</summary>
    public bool Unknown { get; init; }

    /// <summary>What an event without a tool name is recorded as.</summary>
    public static readonly ToolUse None = new("tool:unknown", "tool", "unknown", [], null, null) { Problem = "the payload names no tool (no string tool_name)" };

    /// <summary>
    /// The one classifier: maps an agent's tool name and input (Claude Code, Codex, Gemini CLI, and
    /// the pseudo-tools the Cursor adapter names its events by, GitHub Copilot CLI, Qwen Code, OpenCode) to a capability.
    /// </summary>
    public static ToolUse Classify(string tool, JsonNode? input)
    {
        string? In(string name) => input is JsonObject o && o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        var unreadable = input is not null and not JsonObject ? $"its tool_input is a {input.GetValueKind()}, not an object" : null;

        if (tool.StartsWith("script:", StringComparison.Ordinal))
        {
            return new(tool, EntryKinds.Script, tool, [], null, null);
        }

        if (tool.StartsWith("mcp__", StringComparison.Ordinal))
        {
            // mcp__server__tool; plugin servers are mcp__plugin_<plugin>_<server>__tool.
            var rest = tool["mcp__".Length..];
            var cut = rest.IndexOf("__", StringComparison.Ordinal);
            var target = cut > 0 ? new CapabilityRef(EntryKinds.Mcp, rest[..cut], rest[(cut + 2)..]) : new CapabilityRef(EntryKinds.Mcp, rest, null);
            return new(target.Capability, EntryKinds.Mcp, tool, [], null, target);
        }

        switch (tool)
        {
            // Copilot CLI: create/edit {path}; OpenCode: write/edit {filePath}; Qwen Code: write_file/edit {file_path}.
            case "Write" or "Edit" or "MultiEdit" or "write_file" or "replace" or "edit" or "afterFileEdit" or "create" or "write" or "multiedit":
                var written = Paths(In("file_path") ?? In("path") ?? In("absolute_path") ?? In("filePath"));
                return new($"tool:{tool}", "tool", tool, written, null, null) { Problem = unreadable ?? (written.Length == 0 ? $"{tool} names no file (no string file_path)" : null) };
            case "NotebookEdit" or "notebook_edit":
                var notebook = Paths(In("notebook_path"));
                return new("tool:NotebookEdit", "tool", tool, notebook, null, null) { Problem = unreadable ?? (notebook.Length == 0 ? "NotebookEdit names no notebook_path" : null) };
            case "apply_patch" or "patch":
                var patched = ApplyPatch.Files(In("command") ?? In("input") ?? In("patch") ?? In("patchText") ?? "");
                return new("tool:apply_patch", "tool", tool, patched, null, null) { Problem = unreadable ?? (patched.Count == 0 ? "the patch names no file kos can read" : null) };
            // Copilot CLI and OpenCode name their shell "bash"; Copilot's write_bash types into a running one.
            case "Bash" or "run_shell_command" or "shell" or "exec_command" or "local_shell" or "beforeShellExecution" or "write_stdin" or "bash" or "write_bash":
                var shell = new CapabilityRef(EntryKinds.Shell, DefaultShell, null);
                var command = In("command") ?? In("cmd") ?? In("chars") ?? (tool == "write_bash" ? In("input") : null) ?? Argv(input);
                return new(shell.Capability, EntryKinds.Shell, tool, [], command ?? "", shell) { Problem = unreadable ?? (command is null ? $"{tool} carries no string command" : null) };
            // Claude Code's Agent/Task; "task" in Copilot CLI (agent_type) and OpenCode, "agent" in Qwen Code (subagent_type).
            case "Agent" or "Task" or "task" or "agent":
                var sub = new CapabilityRef(EntryKinds.Subagent, (In("subagent_type") ?? In("agent_type")) is { } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : DefaultSubagent, null);
                return new(sub.Capability, EntryKinds.Subagent, tool, [], null, sub);
            case "spawn_agent":
                // Codex: its agent_type, else the "Agent: NAME" header Maestro puts in every delegation prompt.
                var spawned = new CapabilityRef(EntryKinds.Subagent, KnowledgeOS.Registry.Catalog.Specialists.Spawned(In("agent_type") ?? In("subagent_type"), In("message") ?? In("prompt")), null);
                return new(spawned.Capability, EntryKinds.Subagent, tool, [], null, spawned);
            case "Skill" or "activate_skill" or "skill":
                var name = In("skill") ?? In("name") ?? In("command");
                return string.IsNullOrWhiteSpace(name)
                    ? new("skill:unknown", EntryKinds.Skill, tool, [], null, null)
                    : new($"skill:{name.Trim()}", EntryKinds.Skill, tool, [], null, new CapabilityRef(EntryKinds.Skill, name.Trim(), null));
        }

        return new($"tool:{tool}", "tool", tool, [], null, null) { Unknown = !KnownTools.Contains(tool), Problem = unreadable };
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
        // GitHub Copilot CLI
        "view", "read_bash", "stop_bash", "list_bash", "report_intent", "update_todo", "fetch_copilot_cli_documentation",
        // Qwen Code
        "grep_search", "todo_write", "exit_plan_mode", "list_agents", "tool_search", "read_mcp_resource", "zoom_image", "get_goal",
        "update_goal", "report_findings", "cron_list", "task_stop", "monitor",
        // OpenCode
        "read", "list", "webfetch", "websearch", "codesearch", "todowrite", "todoread", "question", "lsp",
    };

    /// <summary>A command given as an argument vector (<c>["bash","-lc","…"]</c>), joined; null unless every element is a string.</summary>
    private static string? Argv(JsonNode? input) =>
        input is JsonObject o && (o["command"] ?? o["cmd"]) is JsonArray { Count: > 0 } a && a.All(x => x is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String)
            ? string.Join(' ', a.Select(x => x!.GetValue<string>()))
            : null;

    /// <summary>For callers that name a tool without a payload (<c>kos capability-event</c>).</summary>
    public static ToolUse Classify(string tool, string? subagentType, string? skill) =>
        Classify(tool, new JsonObject { ["subagent_type"] = subagentType, ["skill"] = skill });

    private static string[] Paths(string? path) => string.IsNullOrWhiteSpace(path) ? [] : [path];
}
