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

    /// <summary>What an event without a tool name is recorded as.</summary>
    public static readonly ToolUse Unknown = new("tool:unknown", "tool", "unknown", [], null, null);

    /// <summary>
    /// The one classifier: maps an agent's tool name and input (Claude Code, Codex, Gemini CLI, and
    /// the pseudo-tools the Cursor adapter names its events by) to a capability.
    /// </summary>
    public static ToolUse Classify(string tool, JsonNode? input)
    {
        string? In(string name) => input is JsonObject o && o[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

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
            case "Write" or "Edit" or "MultiEdit" or "write_file" or "replace" or "edit" or "afterFileEdit":
                return new($"tool:{tool}", "tool", tool, Paths(In("file_path") ?? In("path") ?? In("absolute_path")), null, null);
            case "NotebookEdit":
                return new("tool:NotebookEdit", "tool", tool, Paths(In("notebook_path")), null, null);
            case "apply_patch":
                return new("tool:apply_patch", "tool", tool, ApplyPatch.Files(In("command") ?? In("input") ?? In("patch") ?? ""), null, null);
            case "Bash" or "run_shell_command" or "shell" or "exec_command" or "local_shell" or "beforeShellExecution":
                var shell = new CapabilityRef(EntryKinds.Shell, DefaultShell, null);
                return new(shell.Capability, EntryKinds.Shell, tool, [], In("command") ?? In("cmd") ?? "", shell);
            case "Agent" or "Task":
                var sub = new CapabilityRef(EntryKinds.Subagent, In("subagent_type") is { } t && !string.IsNullOrWhiteSpace(t) ? t.Trim() : DefaultSubagent, null);
                return new(sub.Capability, EntryKinds.Subagent, tool, [], null, sub);
            case "Skill" or "activate_skill":
                var name = In("skill") ?? In("name") ?? In("command");
                return string.IsNullOrWhiteSpace(name)
                    ? new("skill:unknown", EntryKinds.Skill, tool, [], null, null)
                    : new($"skill:{name.Trim()}", EntryKinds.Skill, tool, [], null, new CapabilityRef(EntryKinds.Skill, name.Trim(), null));
        }

        return new($"tool:{tool}", "tool", tool, [], null, null);
    }

    /// <summary>For callers that name a tool without a payload (<c>kos capability-event</c>).</summary>
    public static ToolUse Classify(string tool, string? subagentType, string? skill) =>
        Classify(tool, new JsonObject { ["subagent_type"] = subagentType, ["skill"] = skill });

    private static string[] Paths(string? path) => string.IsNullOrWhiteSpace(path) ? [] : [path];
}
