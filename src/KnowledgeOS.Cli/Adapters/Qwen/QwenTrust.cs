using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install;

namespace KnowledgeOS.Cli.Adapters.Qwen;

/// <summary>
/// Qwen Code with <c>security.folderTrust.enabled: true</c> (user settings) loads project hooks only in a trusted
/// folder: <c>~/.qwen/trustedFolders.json</c> maps paths to <c>TRUST_FOLDER</c>, <c>TRUST_PARENT</c> or <c>DO_NOT_TRUST</c>.
/// </summary>
internal static class QwenTrust
{
    public static string? WillNotFire(string root, string scope, Func<string, string?> env)
    {
        var dir = Path.Combine(AgentFolders.Home(env), ".qwen");
        var settings = AgentFolders.Read(Path.Combine(dir, "settings.json"));
        if (scope == "user" || settings?["security"]?["folderTrust"]?["enabled"] is not JsonValue v || !v.TryGetValue(out bool on) || !on)
        {
            return null;
        }

        var verdict = AgentFolders.TrustLevel(AgentFolders.Read(Path.Combine(dir, "trustedFolders.json")) ?? [], root);

        return verdict is "TRUST_FOLDER" or "TRUST_PARENT"
            ? null
            : $"UNTRUSTED: Qwen Code has folderTrust enabled and {root} is not trusted ({(verdict is null ? "not in ~/.qwen/trustedFolders.json" : verdict)}), " +
              "so it loads none of the project's hooks. Trust the folder in Qwen Code, or install the hooks for your user: kos hooks install --agent qwen --scope user";
    }
}
