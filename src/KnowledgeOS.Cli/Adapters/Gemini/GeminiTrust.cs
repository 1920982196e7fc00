using System.Text.Json.Nodes;
using KnowledgeOS.Cli.Adapters.Install;

namespace KnowledgeOS.Cli.Adapters.Gemini;

/// <summary>
/// Gemini CLI (0.61, observed and read from its source) loads a project's <c>.gemini/settings.json</c> hooks only in a
/// trusted folder: folder trust is on unless <c>security.folderTrust.enabled</c> is false in the user settings; a folder
/// is trusted by <c>GEMINI_CLI_TRUST_WORKSPACE=true</c>, or by the longest covering rule in <c>trustedFolders.json</c>
/// (<c>$GEMINI_CLI_TRUSTED_FOLDERS_PATH</c>, else <c>~/.gemini/</c>, home from <c>$GEMINI_CLI_HOME</c>). With no rule,
/// headless runs skip the project's hooks without a word. User hooks need no trust.
/// </summary>
internal static class GeminiTrust
{
    public static string Home(Func<string, string?> env) => env("GEMINI_CLI_HOME") is { Length: > 0 } h ? h : AgentFolders.Home(env);

    public static string TrustFile(Func<string, string?> env) =>
        env("GEMINI_CLI_TRUSTED_FOLDERS_PATH") is { Length: > 0 } p ? p : Path.Combine(Home(env), ".gemini", "trustedFolders.json");

    public static string? WillNotFire(string root, string scope, Func<string, string?> env)
    {
        if (scope == "user" || env("GEMINI_CLI_TRUST_WORKSPACE") == "true" && env("GEMINI_RESTRICTED_MODE") != "true")
        {
            return null;
        }

        var settings = AgentFolders.Read(Path.Combine(Home(env), ".gemini", "settings.json"));
        if (settings?["security"]?["folderTrust"]?["enabled"] is JsonValue v && v.TryGetValue(out bool on) && !on && env("GEMINI_CLI_TRUST_WORKSPACE") != "false")
        {
            return null;
        }

        var file = TrustFile(env);
        var verdict = env("GEMINI_CLI_TRUST_WORKSPACE") == "false" || env("GEMINI_RESTRICTED_MODE") == "true"
            ? "distrusted by GEMINI_CLI_TRUST_WORKSPACE=false or GEMINI_RESTRICTED_MODE"
            : AgentFolders.TrustLevel(AgentFolders.Read(file) ?? [], root) switch
            {
                "TRUST_FOLDER" or "TRUST_PARENT" => null,
                null => $"not in {file}",
                var level => $"{level} in {file}",
            };
        return verdict is null
            ? null
            : $"UNTRUSTED: Gemini CLI loads a project's hooks only in a trusted folder, and {root} is not trusted ({verdict}), so none of kos's hooks run. " +
              "Trust it: kos hooks install --agent gemini --trust (adds it to trustedFolders.json), or choose 'Trust folder' in Gemini CLI, " +
              "or install the hooks for your user: kos hooks install --agent gemini --scope user";
    }

    /// <summary>Trusts <paramref name="root"/> in Gemini CLI's trustedFolders.json (a person's choice, through <c>kos hooks install --trust</c>).</summary>
    public static string? Trust(string root, Func<string, string?> env) =>
        AgentFolders.Trust(TrustFile(env), root) ? $"trusted {root} in {TrustFile(env)}" : null;
}
