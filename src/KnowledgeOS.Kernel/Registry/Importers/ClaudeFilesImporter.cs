namespace KnowledgeOS.Registry.Importers;

/// <summary>
/// Claude Code's subagents (<c>.claude/agents/*.md</c>) and skills (<c>.claude/skills/NAME/SKILL.md</c>):
/// Markdown with YAML front matter (name, description, tools / allowed-tools).
/// </summary>
internal static class ClaudeFilesImporter
{
    public static void ImportAgents(string root, ImportResult result) => ImportAgentsFrom(root, Path.Combine(root, ".claude", "agents"), result);

    /// <summary>Subagent files in <paramref name="dir"/> (a project's .claude/agents, or an installed plugin's agents/).</summary>
    public static void ImportAgentsFrom(string root, string dir, ImportResult result)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(dir, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            ImportFile(root, path, EntryKinds.Subagent, "tools", Path.GetFileNameWithoutExtension(path), result);
        }
    }

    public static void ImportSkills(string root, ImportResult result)
    {
        var dir = Path.Combine(root, ".claude", "skills");
        if (!Directory.Exists(dir))
        {
            return;
        }

        foreach (var skillDir in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(skillDir, "SKILL.md");
            if (File.Exists(path))
            {
                ImportFile(root, path, EntryKinds.Skill, "allowed-tools", Path.GetFileName(skillDir), result);
            }
        }
    }

    /// <summary>One Markdown file with front matter: its name (or <paramref name="defaultName"/>), description and tools.</summary>
    private static void ImportFile(string root, string path, string kind, string toolsKey, string defaultName, ImportResult result)
    {
        var relative = Rel(root, path);
        if (FrontMatter.Parse(relative, File.ReadAllText(path), result) is not { } front)
        {
            return;
        }

        var name = Scalar(front, "name") ?? defaultName;
        if (!Validate(relative, front, name, result))
        {
            return;
        }

        result.Entries.Add(new RegistryEntry
        {
            Kind = kind,
            Name = name,
            Origin = EntryOrigins.Sync,
            Source = relative,
            Line = front.TryGetValue("name", out var n) ? n.Line : 1,
            Description = Scalar(front, "description"),
            Tools = front.TryGetValue(toolsKey, out var t) ? t.AsList() : [],
        });
    }

    private static bool Validate(string relative, Dictionary<string, FrontValue> front, string name, ImportResult result)
    {
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            result.Fail(relative, front.TryGetValue("name", out var n) ? n.Line : 1, $"name '{name}' must be one word (lowercase letters, digits and hyphens)");
            return false;
        }

        if (string.IsNullOrWhiteSpace(Scalar(front, "description")))
        {
            result.Fail(relative, 1, "front matter has no 'description:'; agents pick subagents and skills by it, so add one line saying what it does");
            return false;
        }

        return true;
    }

    private static string? Scalar(Dictionary<string, FrontValue> front, string key) =>
        front.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.Scalar) ? v.Scalar.Trim() : null;

    /// <summary>Repository-relative, or the full path of a file outside the repository (an installed plugin's).</summary>
    internal static string Rel(string root, string path) =>
        Path.GetRelativePath(root, path).Replace('\\', '/') is var rel && rel.StartsWith("../", StringComparison.Ordinal) ? Path.GetFullPath(path) : rel;
}
