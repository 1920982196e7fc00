using System.Text.Json;

namespace KnowledgeOS.Registry.Importers;

/// <summary>
/// Claude Code plugins enabled for this project (<c>enabledPlugins</c> in <c>.claude/settings.json</c>,
/// <c>.claude/settings.local.json</c> or the user's settings) and installed where
/// <c>~/.claude/plugins/installed_plugins.json</c> says (<c>CLAUDE_CONFIG_DIR</c> moves <c>~/.claude</c>).
/// A plugin that ships subagents and an MCP server is an orchestrator: its server becomes
/// <c>orchestrator/PLUGIN</c> and each of its agents a subagent linked to it (Maestro Orchestrate's 39
/// specialists), not unrelated subagents. Other plugins' servers and agents import as usual.
/// </summary>
internal static class ClaudePluginImporter
{
    private const string PluginRoot = "${CLAUDE_PLUGIN_ROOT}";

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static void Import(string root, ImportResult result)
    {
        var home = ClaudeHome();
        var enabled = Enabled(Path.Combine(root, ".claude", "settings.json"))
            .Concat(Enabled(Path.Combine(root, ".claude", "settings.local.json")))
            .Concat(home is null ? [] : Enabled(Path.Combine(home, "settings.json")))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (enabled.Count == 0 || home is null)
        {
            return;
        }

        var installed = Installed(Path.Combine(home, "plugins", "installed_plugins.json"), root);
        foreach (var id in enabled)
        {
            if (installed.TryGetValue(id, out var path) && Directory.Exists(path))
            {
                ImportPlugin(root, id, path, result);
            }
        }
    }

    private static void ImportPlugin(string root, string id, string dir, ImportResult result)
    {
        var manifest = ReadJson(Path.Combine(dir, ".claude-plugin", "plugin.json"));
        var plugin = manifest is { } m && Str(m, "name") is { Length: > 0 } n ? n : id.Split('@')[0];
        var mcpFile = manifest is { } mf && Str(mf, "mcpServers") is { } rel ? Path.GetFullPath(Path.Combine(dir, rel)) : Path.Combine(dir, ".mcp.json");

        var servers = new ImportResult();
        McpJsonImporter.Import(root, mcpFile, servers);
        var agents = new ImportResult();
        ClaudeFilesImporter.ImportAgentsFrom(root, Path.Combine(dir, "agents"), agents);
        result.Problems.AddRange(servers.Problems.Concat(agents.Problems));
        result.FailedFiles.UnionWith(servers.FailedFiles.Concat(agents.FailedFiles));

        var orchestrator = agents.Entries.Count > 0 ? servers.Entries.FirstOrDefault(s => s.Name == plugin) ?? servers.Entries.FirstOrDefault() : null;
        foreach (var server in servers.Entries)
        {
            var expanded = server with
            {
                Command = Expand(server.Command, dir),
                Args = [.. server.Args.Select(a => Expand(a, dir)!)],
                Description = server.Description ?? $"MCP server of the Claude Code plugin {id}",
            };
            result.Entries.Add(server == orchestrator
                ? expanded with { Kind = EntryKinds.Orchestrator, Name = plugin, Description = $"{server.Description ?? "The Claude Code plugin " + id}: its MCP server orchestrates {agents.Entries.Count} specialists" }
                : expanded);
        }

        var link = orchestrator is null ? null : RegistryKeys.Of(EntryKinds.Orchestrator, plugin);
        foreach (var agent in agents.Entries)
        {
            // Without an orchestrator, Claude Code still names a plugin's agents PLUGIN:AGENT.
            // Plugin agents carry worked examples in their description; the registry keeps its first paragraph.
            var described = agent with { Description = agent.Description?.ReplaceLineEndings("\n").Split("\n\n")[0].Trim() };
            result.Entries.Add(link is null ? described with { Name = plugin + ":" + agent.Name } : described with { Orchestrator = link });
        }
    }

    private static string? Expand(string? value, string dir) => value?.Replace(PluginRoot, dir, StringComparison.Ordinal);

    private static string? ClaudeHome() =>
        Environment.GetEnvironmentVariable("CLAUDE_CONFIG_DIR") is { Length: > 0 } d ? d
        : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } h ? Path.Combine(h, ".claude")
        : null;

    /// <summary>The plugin ids a settings file enables (<c>"enabledPlugins": {"maestro@maestro-orchestrator": true}</c>).</summary>
    private static IEnumerable<string> Enabled(string settings)
    {
        if (ReadJson(settings) is not { } o || !o.TryGetProperty("enabledPlugins", out var plugins) || plugins.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return [.. plugins.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.True).Select(p => p.Name)];
    }

    /// <summary>Where each plugin is installed for this project: its project or local install, else its user install.</summary>
    private static Dictionary<string, string> Installed(string file, string root)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ReadJson(file) is not { } o || !o.TryGetProperty("plugins", out var plugins) || plugins.ValueKind != JsonValueKind.Object)
        {
            return paths;
        }

        var project = Path.GetFullPath(root).TrimEnd('/');
        foreach (var plugin in plugins.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array))
        {
            var installs = plugin.Value.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object && Str(i, "installPath") is not null).ToList();
            var mine = installs.FirstOrDefault(i => Str(i, "projectPath") is { } p && Path.GetFullPath(p).TrimEnd('/') == project);
            var chosen = mine.ValueKind == JsonValueKind.Object ? mine : installs.FirstOrDefault(i => Str(i, "scope") == "user");
            if (chosen.ValueKind == JsonValueKind.Object)
            {
                paths[plugin.Name] = Str(chosen, "installPath")!;
            }
        }

        return paths;
    }

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), Lenient);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null; // Claude Code's own files: a damaged one declares nothing kos can use.
        }
    }

    private static string? Str(JsonElement o, string key) =>
        o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
