using KnowledgeOS.Project;

namespace KnowledgeOS.Governance;

/// <summary>
/// What a config says about governance, as sealed: the strictness, gate levels, default evals (run at every
/// completion), protected paths and the store. A later config is weaker when it lowers any of them; a change that
/// lowers nothing (a stricter level, one more eval, a timeout) is still named, but does not refuse.
/// </summary>
public sealed record ConfigTerms(string Strictness, IReadOnlyDictionary<string, string> Gates, IReadOnlyList<string> Evals, IReadOnlyList<string> Protected, string? Store, string? StoreProject)
{
    public static ConfigTerms Of(KosConfig c) => new(
        c.Strictness.Name(),
        c.GateOverrides.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value.Name(), StringComparer.Ordinal),
        [.. c.DefaultEvals], [.. c.ProtectedPatterns], c.StoreUrl, c.StoreProject);

    /// <summary>How <paramref name="now"/> lowers these terms; empty when it lowers nothing.</summary>
    public IReadOnlyList<string> WeakenedBy(KosConfig now)
    {
        var weaker = new List<string>();
        var before = Level(Strictness);
        if (now.Strictness < before)
        {
            weaker.Add($"strictness {Strictness} → {now.Strictness.Name()}");
        }

        foreach (var gate in Gates.Keys.Concat(now.GateOverrides.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var was = Gates.TryGetValue(gate, out var g) ? Level(g) : before;
            if (now.For(gate) < was)
            {
                weaker.Add($"gate {gate} {was.Name()} → {now.For(gate).Name()}");
            }
        }

        weaker.AddRange(Evals.Except(now.DefaultEvals, StringComparer.Ordinal).Select(e => $"default eval '{e}' removed"));
        weaker.AddRange(Protected.Except(now.ProtectedPatterns, StringComparer.Ordinal).Select(p => $"protected path '{p}' removed"));
        if (!string.Equals(Store, now.StoreUrl, StringComparison.Ordinal) || !string.Equals(StoreProject, now.StoreProject, StringComparison.Ordinal))
        {
            weaker.Add("the ledger's store moved ([store] changed)");
        }

        return weaker;
    }

    private static Strictness Level(string name) => StrictnessNames.TryParse(name, out var s) ? s : Project.Strictness.Strict;
}
