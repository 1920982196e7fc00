using KnowledgeOS.Gates;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Governance;

/// <summary>
/// Done: the config and kos's hook entries are as kos last recorded them (<see cref="GovernanceSeal"/>). Judged at
/// the strictness recorded with the config, not the one the file says now: an agent that lowers strictness in
/// config.toml and then completes is refused by the very change it made. Enforced in standard and strict.
/// </summary>
public sealed class GovernanceGate : IGate
{
    public string Name => "governance";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Done;

    /// <summary>Always checked: the level that counts is the sealed one, which <see cref="Check"/> reads.</summary>
    public Enforcement Level(Strictness strictness) => Enforcement.Enforce;

    public IEnumerable<string> Check(GateContext c)
    {
        if (GovernanceSeal.Read(c.Ledger, c.Project) is not { } seal)
        {
            yield break;
        }

        var level = seal.SealedStrictness ?? c.Config.Strictness;
        if (level < Strictness.Standard)
        {
            yield break;
        }

        foreach (var d in GovernanceDrift.Compare(c.Project, seal, GovernanceSeal.Now(c.Project, c.Config.Strictness)).Where(d => d.Blocking))
        {
            yield return d.ToString();
        }
    }
}
