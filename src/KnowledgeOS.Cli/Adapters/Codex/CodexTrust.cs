using KnowledgeOS.Cli.Adapters.Install;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace KnowledgeOS.Cli.Adapters.Codex;

/// <summary>
/// Codex CLI (0.169, observed) runs hooks only when three things hold, each in <c>$CODEX_HOME/config.toml</c>
/// (default <c>~/.codex</c>): hooks are not switched off (<c>[features] hooks = false</c>); for project hooks
/// (<c>.codex/hooks.json</c>) the project is trusted (<c>[projects."PATH"] trust_level = "trusted"</c>); and a
/// person has reviewed the hooks (Codex's "Hooks need review" prompt records them under <c>[hooks.state]</c>
/// with a <c>trusted_hash</c>). <c>codex exec</c> skips unreviewed hooks without a word unless it runs with
/// <c>--dangerously-bypass-hook-trust</c>. kos cannot recompute Codex's hash, so a review is taken as done only
/// when a <c>hooks.state</c> entry names this hooks file or project; otherwise the hooks are reported as not firing.
/// </summary>
internal static class CodexTrust
{
    public static string Home(Func<string, string?> env) =>
        env("CODEX_HOME") is { Length: > 0 } h ? h : Path.Combine(AgentFolders.Home(env), ".codex");

    public static string? WillNotFire(string root, string scope, Func<string, string?> env)
    {
        var config = Path.Combine(Home(env), "config.toml");
        var entries = Entries(config);
        if (entries.Any(e => e.Key is ["features", "hooks"] && e.Value == "false"))
        {
            return $"DISABLED: Codex has hooks switched off ([features] hooks = false in {config}), so none of kos's hooks run. Remove that line.";
        }

        if (scope != "user")
        {
            var trust = entries.FirstOrDefault(e => e.Key is ["projects", var p, "trust_level"] && AgentFolders.Covers(p, root) && AgentFolders.Covers(root, p)).Value;
            if (trust != "trusted")
            {
                return $"UNTRUSTED: Codex loads .codex/hooks.json only for a trusted project, and {root} is {(trust is null ? "not trusted" : $"trust_level = \"{trust}\"")} in {config}, " +
                       "so none of kos's hooks run. Trust it: kos hooks install --agent codex --trust (adds [projects.\"…\"] trust_level = \"trusted\"), " +
                       "or answer Codex's trust prompt, or install the hooks for your user: kos hooks install --agent codex --scope user";
            }
        }

        var hooksFile = scope == "user" ? Path.Combine(Home(env), "hooks.json") : Path.Combine(root, ".codex", "hooks.json");
        var reviewed = entries.Any(e => e.Key.Count >= 3 && e.Key[0] == "hooks" && e.Key[1] == "state" && e.Key[^1] is "trusted_hash" or "trusted_content_hash"
                                        && (e.Key[2].Contains(hooksFile, StringComparison.Ordinal) || e.Key[2].Contains(root, StringComparison.Ordinal)));
        return reviewed
            ? null
            : $"NOT REVIEWED: Codex runs hooks only after a person trusts them, and {config} records no review of {hooksFile}; codex exec skips them without a word. " +
              $"Start codex in {root} once and choose 'Trust all and continue' (or run codex exec with --dangerously-bypass-hook-trust).";
    }

    /// <summary>Trusts <paramref name="root"/> as a Codex project (appends the table; never rewrites what is there).</summary>
    public static string? Trust(string root, Func<string, string?> env)
    {
        var config = Path.Combine(Home(env), "config.toml");
        var existing = Entries(config).FirstOrDefault(e => e.Key is ["projects", var p, "trust_level"] && AgentFolders.Covers(p, root) && AgentFolders.Covers(root, p));
        if (existing.Value == "trusted")
        {
            return null;
        }

        if (existing.Key is not null)
        {
            throw KosException.Input($"{config} sets trust_level = \"{existing.Value}\" for {root}; kos will not overrule it. Change it to \"trusted\" yourself.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        var text = File.Exists(config) ? File.ReadAllText(config) : "";
        var quoted = root.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        File.AppendAllText(config, $"{(text.Length == 0 || text.EndsWith('\n') ? "" : "\n")}\n[projects.\"{quoted}\"]\ntrust_level = \"trusted\"\n");
        return $"trusted {root} in {config}";
    }

    /// <summary>Every key of the file as its full dotted path with its string/boolean value; empty when absent or not TOML.</summary>
    private static List<(IReadOnlyList<string> Key, string? Value)> Entries(string file)
    {
        var list = new List<(IReadOnlyList<string>, string?)>();
        if (!File.Exists(file))
        {
            return list;
        }

        var doc = SyntaxParser.Parse(File.ReadAllText(file), file, validate: false);
        foreach (var kv in doc.KeyValues)
        {
            list.Add((Parts(null, kv.Key), Text(kv.Value)));
        }

        foreach (var table in doc.Tables)
        {
            foreach (var item in table.Items)
            {
                if (item is KeyValueSyntax kv)
                {
                    list.Add((Parts(table.Name, kv.Key), Text(kv.Value)));
                }
            }
        }

        return list;
    }

    private static List<string> Parts(KeySyntax? table, KeySyntax? key)
    {
        var parts = new List<string>();
        foreach (var k in new[] { table, key })
        {
            if (k is null)
            {
                continue;
            }

            parts.Add(Bare(k.Key));
            parts.AddRange(k.DotKeys.Select(d => Bare(d.Key)));
        }

        return parts;
    }

    private static string Bare(BareKeyOrStringValueSyntax? k) => k switch
    {
        BareKeySyntax b => b.Key?.Text ?? "",
        StringValueSyntax s => s.Value ?? "",
        _ => "",
    };

    private static string? Text(ValueSyntax? v) => v switch
    {
        StringValueSyntax s => s.Value,
        BooleanValueSyntax b => b.Value ? "true" : "false",
        _ => null,
    };
}
