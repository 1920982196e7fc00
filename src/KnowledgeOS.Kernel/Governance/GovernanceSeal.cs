using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeOS.Claims;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;

namespace KnowledgeOS.Governance;

/// <summary>
/// Governance as kos last wrote it in one work tree: the hash of <c>.agent-os/config.toml</c> and the strictness it
/// set, the agent files kos watches, and the hash of each of kos's entries in them (never the whole file: the user's
/// other settings are theirs to edit). Kept as the projection record <c>governance/TREE@HOST:ROOT</c>; each change is a
/// <c>governance.sealed</c> event.
/// </summary>
public sealed record GovernanceSeal(string Config, string Strictness, ConfigTerms? Terms, IReadOnlyList<GovernedFile> Files, IReadOnlyList<SealedEntry> Entries)
{
    public const string RecordKind = "governance";

    /// <summary>One record per work tree of each clone (the team store holds every clone's): its name, host and folder.</summary>
    public static string Key(KosProject tree) => $"{WorktreeBinding.NameOf(tree)}@{Environment.MachineName}:{tree.Root}";

    public static GovernanceSeal? Read(ILedgerReader r, KosProject tree) =>
        r.GetRecord(RecordKind, Key(tree)) is { } json ? JsonSerializer.Deserialize(json, GovernanceJson.Default.GovernanceSeal) : null;

    public void Put(ILedgerWriter w, KosProject tree) =>
        w.PutRecord(RecordKind, Key(tree), null, JsonSerializer.Serialize(this, GovernanceJson.Default.GovernanceSeal));

    /// <summary>The work tree's governance now, hashed (config strictness as written, or <paramref name="fallbackStrictness"/> when unreadable).</summary>
    public static GovernanceSeal Now(KosProject tree, Strictness fallbackStrictness)
    {
        var state = GovernanceSources.Read(tree);
        var entries = state.Parts.Select(p => new SealedEntry(p.Agent, p.File, p.Key, Hash(p))).ToList();
        var config = ReadConfig(tree);
        return new GovernanceSeal(ConfigHash(tree), (config?.Strictness ?? fallbackStrictness).Name(), config is null ? null : ConfigTerms.Of(config), state.Files, entries);
    }

    /// <summary>SHA-256 of an entry: canonical JSON (keys sorted, no whitespace) or the text as written.</summary>
    public static string Hash(GovernedPart p)
    {
        string content;
        try
        {
            content = p.Json ? CanonicalJson.Canonicalize(p.Content) : p.Content;
        }
        catch (JsonException)
        {
            content = p.Content;
        }

        return Sha(Encoding.UTF8.GetBytes(content));
    }

    /// <summary>SHA-256 of the config file's bytes; <c>absent</c> when there is none.</summary>
    public static string ConfigHash(KosProject tree) => File.Exists(tree.ConfigPath) ? Sha(File.ReadAllBytes(tree.ConfigPath)) : "absent";

    /// <summary>The config as it is now; null when it is missing or does not parse.</summary>
    internal static KosConfig? ReadConfig(KosProject tree)
    {
        try
        {
            return File.Exists(tree.ConfigPath) ? KosConfig.Load(tree.ConfigPath) : null;
        }
        catch (KosException)
        {
            return null;
        }
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The strictness kos recorded with the config, or null when it is not one kos knows.</summary>
    public Strictness? SealedStrictness => StrictnessNames.TryParse(Strictness, out var s) ? s : null;

    /// <summary>
    /// This seal updated with what kos itself just wrote: the files of <paramref name="agents"/> (all files of those
    /// agents, or only <paramref name="file"/>) take their entries from <paramref name="now"/>; the config when
    /// <paramref name="config"/>. Everything else keeps what was sealed, so a change kos did not make stays drift.
    /// </summary>
    public static GovernanceSeal Merge(GovernanceSeal? old, GovernanceSeal now, IReadOnlySet<string> agents, string? file, bool config)
    {
        bool Touched(string agent, string f) => agents.Contains(agent) && (file is null || f == file);
        var files = (old?.Files ?? []).Where(f => !Touched(f.Agent, f.File))
            .Concat(now.Files.Where(f => Touched(f.Agent, f.File)))
            .Distinct().OrderBy(f => f.Agent, StringComparer.Ordinal).ThenBy(f => f.File, StringComparer.Ordinal).ToList();
        var entries = (old?.Entries ?? []).Where(e => !Touched(e.Agent, e.File))
            .Concat(now.Entries.Where(e => Touched(e.Agent, e.File)))
            .OrderBy(e => e.Agent, StringComparer.Ordinal).ThenBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        return config || old is null
            ? new GovernanceSeal(now.Config, now.Strictness, now.Terms, files, entries)
            : new GovernanceSeal(old.Config, old.Strictness, old.Terms, files, entries);
    }

    /// <summary>
    /// Everything as it is now, for a person's decision (<c>kos init</c> on a tree with no record, <c>kos accept-governance</c>):
    /// the config, and every file of each agent that holds kos's entries now or was recorded before.
    /// </summary>
    public static GovernanceSeal Accepting(GovernanceSeal? old, GovernanceSeal now)
    {
        var agents = now.Entries.Select(e => e.Agent).Concat(old?.Files.Select(f => f.Agent) ?? []).ToHashSet(StringComparer.Ordinal);
        return Merge(old, now, agents, null, config: true);
    }

    public bool SameAs(GovernanceSeal other) =>
        JsonSerializer.Serialize(this, GovernanceJson.Default.GovernanceSeal) == JsonSerializer.Serialize(other, GovernanceJson.Default.GovernanceSeal);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GovernanceSeal))]
internal sealed partial class GovernanceJson : JsonSerializerContext;
