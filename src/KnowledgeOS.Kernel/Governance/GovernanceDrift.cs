using KnowledgeOS.Project;

namespace KnowledgeOS.Governance;

/// <summary>
/// One difference between governance as kos last wrote it and the work tree now: <see cref="Agent"/> and
/// <see cref="Key"/> are null for the config; <see cref="Change"/> is <c>removed</c>, <c>changed</c> or <c>added</c>.
/// </summary>
public sealed record GovernanceDrift(string File, string? Agent, string? Key, string Change, string? SealedStrictness = null)
{
    /// <summary>How a person accepts a change they made on purpose (human-only in every strictness).</summary>
    public const string AcceptCommand = "kos accept-governance";

    public string Message => Agent is null
        ? $"{File} was {(Change == "removed" ? "removed" : "changed")} since kos recorded it" +
          (SealedStrictness is null ? "" : $" (recorded strictness: {SealedStrictness}, which still applies)")
        : $"{File}: {Agent}'s {Key} entry {Change switch { "removed" => "was removed", "added" => "was added", _ => "was changed" }} since kos recorded it";

    public string Fix => Agent is null
        ? $"restore it (git checkout -- {File}); if a person changed it on purpose, a person accepts it: {AcceptCommand}"
        : $"kos hooks install --agent {Agent}   (restores kos's entry); if a person changed it on purpose, a person accepts it: {AcceptCommand}";

    public override string ToString() => $"{Message}; {Fix}";

    /// <summary>Every difference between <paramref name="seal"/> and <paramref name="now"/>, config first, then by file and entry.</summary>
    public static IReadOnlyList<GovernanceDrift> Compare(KosProject tree, GovernanceSeal seal, GovernanceSeal now)
    {
        var drift = new List<GovernanceDrift>();
        if (seal.Config != now.Config)
        {
            drift.Add(new GovernanceDrift(tree.Relative(tree.ConfigPath), null, null, now.Config == "absent" ? "removed" : "changed", seal.Strictness));
        }

        foreach (var file in seal.Files)
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
}
