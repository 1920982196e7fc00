using KnowledgeOS.Ledger.Anchors;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Adapters;

internal sealed partial class HookEngine
{
    /// <summary>
    /// The governed project this event belongs to. The payload's <c>cwd</c> is only one witness: an
    /// agent may report a folder outside the repository while writing inside it, so the folder the
    /// agent was started for (<c>CLAUDE_PROJECT_DIR</c>), the hook's own folder and the folders of the
    /// paths it writes are tried too. Governed means kos was initialised there: <c>.agent-os/</c>
    /// exists, or git's data holds the ledger's identity (which survives <c>rm -rf .agent-os</c>).
    /// </summary>
    private KosProject? Governed(HookEvent? e, string cwd)
    {
        var candidates = new List<string> { cwd };
        if (ctx.Env("CLAUDE_PROJECT_DIR") is { Length: > 0 } projectDir)
        {
            candidates.Add(projectDir);
        }

        candidates.Add(ctx.Cwd);
        if (e?.ToolName is { } tool && Capabilities.ToolUse.Classify(tool, e.ToolInput) is { } use)
        {
            candidates.AddRange(use.WritePaths.Where(p => p.StartsWith('/')).Select(p => Path.GetDirectoryName(p) ?? p));
        }

        foreach (var candidate in candidates.Distinct(StringComparer.Ordinal))
        {
            var dir = Existing(candidate);
            if (dir is null || GitRepository.Find(dir) is null)
            {
                continue;
            }

            var project = KosProject.Locate(dir);
            if (LedgerIdentity.Governs(project))
            {
                return project;
            }
        }

        return null;
    }

    /// <summary>What keeps kos from checking anything in a governed project (its config or ledger gone), with the way back.</summary>
    private static string? Damage(KosProject project)
    {
        if (!File.Exists(project.ConfigPath))
        {
            return $"this repository is governed by kos, but its configuration {project.Relative(project.ConfigPath)} is missing. " +
                   "Ask the user to restore it ('git checkout -- .agent-os/config.toml', or 'kos init' to write the default).";
        }

        if (!File.Exists(project.LedgerPath) && !File.Exists(project.StoreMarkerPath))
        {
            return $"this repository is governed by kos, but its ledger {project.LedgerPath} is missing. " +
                   "Ask the user to restore it from a backup, or to start a new ledger knowingly with 'kos init --new-ledger' (recorded).";
        }

        return null;
    }

    /// <summary>The nearest existing folder at or above <paramref name="path"/>.</summary>
    private static string? Existing(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            while (!Directory.Exists(full))
            {
                full = Path.GetDirectoryName(full);
                if (full is null)
                {
                    return null;
                }
            }

            return full;
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException)
        {
            return null;
        }
    }
}
