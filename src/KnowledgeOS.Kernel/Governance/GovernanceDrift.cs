using KnowledgeOS.Project;

namespace KnowledgeOS.Governance;

/// <summary>
/// One difference between governance as kos last wrote it and the work tree now: <see cref="Agent"/> and
/// <see cref="Key"/> are null for the config. <see cref="Change"/>: <c>removed</c>, <c>changed</c> or <c>added</c>,
/// or <c>edited</c> for a config that changed without lowering anything (<see cref="Weakened"/> empty): named, not refused.
/// </summary>
public sealed record GovernanceDrift(string File, string? Agent, string? Key, string Change, string? SealedStrictness = null, IReadOnlyList<string>? Weakened = null)
{
    /// <summary>How a person accepts a change they made on purpose (human-only in every strictness).</summary>
    public const string AcceptCommand = "kos accept-governance";

    /// <summary>Whether it refuses completion and [SYNC_OK]: every change but a config edit that lowers nothing.</summary>
    public bool Blocking => Change != "edited";

    public string Message => Agent is not null
        ? $"{File}: {Agent}'s {Key} entry {Change switch { "removed" => "was removed", "added" => "was added", _ => "was changed" }} since kos recorded it"
        : Change switch
        {
            "removed" => $"{File} was removed since kos recorded it (recorded strictness {SealedStrictness}, which still applies)",
            "edited" => $"{File} was changed since kos recorded it; nothing in it is weaker",
            _ => $"{File} was changed since kos recorded it and is weaker: {string.Join("; ", Weakened ?? [])} (recorded strictness {SealedStrictness}, which still applies)",
        };

    public string Fix => Agent is not null
        ? $"kos hooks install --agent {Agent}   (restores kos's entry); if a person changed it on purpose, a person accepts it: {AcceptCommand}"
        : Change == "edited"
            ? $"a person records it: {AcceptCommand}"
            : $"restore it (git checkout -- {File}); if a person changed it on purpose, a person accepts it: {AcceptCommand}";

    public override string ToString() => $"{Message}; {Fix}";

    /// <summary>Every difference between <paramref name="seal"/> and <paramref name="now"/>, config first, then by file and entry.</summary>
    public static IReadOnlyList<GovernanceDrift> Compare(KosProject tree, GovernanceSeal seal, GovernanceSeal now)
    {
        var drift = new List<GovernanceDrift>();
        if (seal.Config != now.Config)
        {
            drift.Add(ConfigDrift(tree, seal, now));
        }

        // Without the adapters (kos-serve) the entries cannot be read: not compared, rather than all "removed".
        foreach (var file in GovernanceSources.Registered ? seal.Files : [])
        {
            var sealedHere = seal.Entries.Where(e => e.Agent == file.Agent && e.File == file.File).ToDictionary(e => e.Key, e => e.Hash, StringComparer.Ordinal);
            var nowHere = now.Entries.Where(e => e.Agent == file.Agent && e.File == file.File).ToDictionary(e => e.Key, e => e.Hash, StringComparer.Ordinal);
            foreach (var (key, hash) in sealedHere.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (!nowHere.TryGetValue(key, out var current))
                {
                    drift.Add(new GovernanceDrift(file.File, file.Agent, key, "removed"));
                }
                else if (current != hash)
                {
                    drift.Add(new GovernanceDrift(file.File, file.Agent, key, "changed"));
                }
            }

            drift.AddRange(nowHere.Keys.Where(k => !sealedHere.ContainsKey(k)).Order(StringComparer.Ordinal)
                .Select(k => new GovernanceDrift(file.File, file.Agent, k, "added")));
        }

        return drift;
    }

    private static GovernanceDrift ConfigDrift(KosProject tree, GovernanceSeal seal, GovernanceSeal now)
    {
        var file = tree.Relative(tree.ConfigPath);
        if (now.Config == "absent")
        {
            return new GovernanceDrift(file, null, null, "removed", seal.Strictness);
        }

        if (GovernanceSeal.ReadConfig(tree) is not { } config)
        {
            return new GovernanceDrift(file, null, null, "changed", seal.Strictness, ["it no longer parses"]);
        }

        // A seal without terms (its config did not parse then) cannot say what is weaker: any change counts.
        var weaker = seal.Terms?.WeakenedBy(config) ?? ["kos recorded no readable config to compare with"];
        return new GovernanceDrift(file, null, null, weaker.Count == 0 ? "edited" : "changed", seal.Strictness, weaker);
    }
}
