using System.Text;
using System.Text.RegularExpressions;
using KnowledgeOS.Fence;
using KnowledgeOS.Project;

namespace KnowledgeOS.Cli.Fence;

/// <summary>
/// The fence as Codex's own sandbox (Codex 0.169: bubblewrap + seccomp on Linux): a permission profile passed with
/// <c>-c</c> (never written to the user's config): everything readable, only the task's writable roots writable,
/// the denied paths inside them read-only again. <c>sandbox_mode</c> in a loaded Codex config would make Codex use
/// its older settings instead (workspace-write: the whole working folder writable), so kos refuses to start then.
/// </summary>
internal static partial class CodexPermissions
{
    public const string Profile = "kos-task";

    [GeneratedRegex(@"^\s*sandbox_mode\s*=", RegexOptions.Multiline)]
    private static partial Regex SandboxMode();

    /// <summary>The <c>-c</c> arguments (before the user's own).</summary>
    public static List<string> Args(FencePlan plan, KosProject project, IReadOnlyList<string> scope, string tmp, KnowledgeOS.Launch.StoreSecrets hidden)
    {
        var writable = plan.WritableRoots(project, scope);
        // Not ":tmpdir" (the whole temporary folder, where a repository may well live): the session's own temporary folder.
        var entries = new List<(string Path, string Access)> { (":root", "read"), (tmp, "write") };
        entries.AddRange(writable.Select(w => (w, "write")));
        entries.AddRange(plan.DeniedInside(writable).Select(d => (d, "read")));
        // The team store's password files: unreadable. (Codex's sandbox cannot mount over a socket; its own network rules
        // and seccomp filter keep sockets from its commands.)
        entries.AddRange(hidden.Files.Select(h => (h, "none")));
        var table = string.Join(", ", entries.Select(e => $"{Quote(e.Path)} = {Quote(e.Access)}"));
        return
        [
            "-c", $"default_permissions={Quote(Profile)}",
            "-c", $"permissions.{Profile}.filesystem={{ {table} }}",
            // Codex runs hooks only after a person reviewed them in its TUI, or with this flag: kos installed (or found) its own.
            "--dangerously-bypass-hook-trust",
        ];
    }

    /// <summary>Why Codex would ignore the profile (a config file it loads sets sandbox_mode), or null.</summary>
    public static string? Overridden(string root, Func<string, string?> env)
    {
        var home = env("CODEX_HOME") ?? Path.Combine(env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codex");
        foreach (var file in new[] { Path.Combine(home, "config.toml"), Path.Combine(root, ".codex", "config.toml") })
        {
            if (File.Exists(file) && SandboxMode().IsMatch(File.ReadAllText(file)))
            {
                return $"{file} sets sandbox_mode, and Codex then ignores the permission profile kos gives it (the whole working folder would be writable). " +
                       "Remove sandbox_mode from that file (kos agent codex sets the sandbox), then run again.";
            }
        }

        return null;
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch { '"' => "\\\"", '\\' => "\\\\", _ when c < ' ' => $"\\u{(int)c:X4}", _ => c.ToString() });
        }

        return sb.Append('"').ToString();
    }
}
