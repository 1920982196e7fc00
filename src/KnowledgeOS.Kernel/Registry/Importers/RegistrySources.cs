namespace KnowledgeOS.Registry.Importers;

/// <summary>Every place agents already declare capabilities, read in a fixed order (the first declaration of a name wins).</summary>
public static class RegistrySources
{
    public const string McpJson = ".mcp.json";
    public const string GeminiSettings = ".gemini/settings.json";
    public const string CopilotMcp = ".github/mcp.json";
    public const string QwenSettings = ".qwen/settings.json";

    public static ImportResult ImportAll(string root)
    {
        var result = new ImportResult();
        McpJsonImporter.Import(root, McpJson, result);
        ClaudeFilesImporter.ImportAgents(root, result);
        ClaudeFilesImporter.ImportSkills(root, result);
        ClaudePluginImporter.Import(root, result);
        CodexConfigImporter.Import(root, result);
        McpJsonImporter.Import(root, GeminiSettings, result);
        McpJsonImporter.Import(root, CopilotMcp, result);
        ClaudeFilesImporter.ImportAgentsFrom(root, Path.Combine(root, ".github", "agents"), result);
        McpJsonImporter.Import(root, QwenSettings, result);
        ClaudeFilesImporter.ImportAgentsFrom(root, Path.Combine(root, ".qwen", "agents"), result);
        OpenCodeConfigImporter.Import(root, result);
        return result;
    }

    /// <summary>The env values a server's declaration gives it, read fresh from its source (they are never stored).</summary>
    public static IReadOnlyDictionary<string, string> EnvFor(string root, RegistryEntry entry) => entry.Source switch
    {
        McpJson or GeminiSettings or CopilotMcp or QwenSettings => McpJsonImporter.Env(root, entry.Source, entry.Name),
        "opencode.json" or "opencode.jsonc" => OpenCodeConfigImporter.Env(root, entry.Source, entry.Name),
        CodexConfigImporter.File => CodexConfigImporter.Env(root, entry.Name),
        _ => new Dictionary<string, string>(),
    };

    /// <summary>Capabilities every agent has without declaring them: the shell and Claude Code's built-in subagents.</summary>
    public static IReadOnlyList<RegistryEntry> Builtins { get; } =
    [
        new() { Kind = EntryKinds.Shell, Name = Capabilities.ToolUse.DefaultShell, Origin = EntryOrigins.Builtin, Description = "The agent's shell tool (Bash, run_shell_command, exec_command)." },
        new() { Kind = EntryKinds.Subagent, Name = Capabilities.ToolUse.DefaultSubagent, Origin = EntryOrigins.Builtin, Description = "Claude Code's built-in general-purpose subagent." },
        new() { Kind = EntryKinds.Subagent, Name = "Explore", Origin = EntryOrigins.Builtin, Description = "Claude Code's built-in read-only exploration subagent." },
        new() { Kind = EntryKinds.Subagent, Name = "Plan", Origin = EntryOrigins.Builtin, Description = "Claude Code's built-in planning subagent." },
    ];
}
