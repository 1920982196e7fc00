using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install;

namespace KnowledgeOS.Cli.Adapters.Copilot;

/// <summary>
/// Copilot CLI runs repository hooks (<c>.github/hooks</c>) only in a trusted folder: one listed in
/// <c>trustedFolders</c> of <c>$COPILOT_HOME/config.json</c> or <c>settings.json</c> (default <c>~/.copilot</c>), or
/// with <c>COPILOT_ALLOW_ALL=true</c>, or for one run with <c>--trust-folder</c>. Elsewhere they are skipped without a word.
/// </summary>
internal static class CopilotTrust
{
    public static string? WillNotFire(string root, string scope, Func<string, string?> env)
    {
        if (scope == "user" || env("COPILOT_ALLOW_ALL") == "true")
        {
            return null;
        }

        var dir = env("COPILOT_HOME") is { Length: > 0 } h ? h : Path.Combine(AgentFolders.Home(env), ".copilot");
        var trusted = new[] { "config.json", "settings.json" }
            .Select(f => AgentFolders.Read(Path.Combine(dir, f))?["trustedFolders"] as JsonArray)
            .SelectMany(a => a ?? [])
            .Select(n => n is JsonValue v && v.TryGetValue(out string? s) ? s : null)
            .Any(s => s is { Length: > 0 } && AgentFolders.Covers(s, root));
        return trusted
            ? null
            : $"UNTRUSTED: Copilot CLI skips repository hooks in a folder it does not trust, silently. Trust {root} in Copilot " +
              "(answer its trust prompt once), start it with --trust-folder, or install the hooks for your user: kos hooks install --agent copilot --scope user";
    }
}
