using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;

namespace KnowledgeOS.Governance;

/// <summary>The <see cref="IGovernance"/> service, created once per kernel.</summary>
internal sealed class GovernanceService(Kernel kernel) : IGovernance
{
    /// <summary>
    /// Records governance kos itself just wrote in <paramref name="tree"/>: the entries of <paramref name="agents"/>
    /// (only in <paramref name="file"/> when given) and, with <paramref name="config"/>, the config and its strictness.
    /// What kos did not write keeps its sealed hash, so earlier drift is not washed out. Appends
    /// <c>governance.sealed</c> only when the seal changes; returns it, or null.
    /// </summary>
    /// <param name="create">Whether a tree kos never recorded gets its first record now (false for writes an agent's command can trigger).</param>
    public LedgerEvent? Seal(KosProject tree, string reason, IReadOnlySet<string> agents, bool config, string? file = null, bool create = true)
    {
        var now = GovernanceSeal.Now(tree, kernel.Config.Strictness);
        return kernel.Store.Write(w =>
        {
            var old = GovernanceSeal.Read(w, tree);
            if (old is null && !create)
            {
                return null;
            }

            var next = GovernanceSeal.Merge(old, now, agents, file, config);
            if (old is not null && old.SameAs(next))
            {
                return null;
            }

            next.Put(w, tree);
            return kernel.Append(w, EventCatalog.GovernanceSealed, null,
                new GovernanceSealed(reason, GovernanceSeal.Key(tree), next.Config, next.Strictness, [.. agents.Order(StringComparer.Ordinal)], config, next.Entries));
        });
    }

    /// <summary>Seals the tree's governance as it is now, every file that holds kos's entries included (<c>kos init</c> on a tree with no seal, <c>kos accept-governance</c>).</summary>
    public LedgerEvent? SealAll(KosProject tree, string reason)
    {
        var now = GovernanceSeal.Now(tree, kernel.Config.Strictness);
        return kernel.Store.Write(w =>
        {
            var old = GovernanceSeal.Read(w, tree);
            var next = GovernanceSeal.Accepting(old, now);
            if (old is not null && old.SameAs(next))
            {
                return null;
            }

            next.Put(w, tree);
            var agents = next.Files.Select(f => f.Agent).Distinct().Order(StringComparer.Ordinal).ToList();
            return kernel.Append(w, EventCatalog.GovernanceSealed, null, new GovernanceSealed(reason, GovernanceSeal.Key(tree), next.Config, next.Strictness, agents, true, next.Entries));
        });
    }

    /// <summary>The first record of a new ledger's governance, in the transaction that writes <c>project.initialised</c> (which carries it).</summary>
    public GovernanceSeal SealAtInit(ILedgerWriter w, KosProject tree)
    {
        var seal = GovernanceSeal.Accepting(null, GovernanceSeal.Now(tree, kernel.Config.Strictness));
        seal.Put(w, tree);
        return seal;
    }

    /// <summary>What changed in <paramref name="tree"/>'s governance since kos sealed it, and the seal (null: never sealed, nothing to compare).</summary>
    public (IReadOnlyList<GovernanceDrift> Drift, GovernanceSeal? Seal) Drift(KosProject tree)
    {
        if (GovernanceSeal.Read(kernel.Store, tree) is not { } seal)
        {
            return ([], null);
        }

        return (Governance.GovernanceDrift.Compare(tree, seal, GovernanceSeal.Now(tree, kernel.Config.Strictness)), seal);
    }
}
