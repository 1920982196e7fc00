using KnowledgeOS.Ledger;
using KnowledgeOS.Project;

namespace KnowledgeOS.Governance;

/// <summary><c>kernel.Governance</c>: the governance record: sealing kos's hook entries and config, and the drift since.</summary>
public interface IGovernance
{
    /// <summary>
    /// Records governance kos itself just wrote in <paramref name="tree"/>: the entries of <paramref name="agents"/>
    /// (only in <paramref name="file"/> when given) and, with <paramref name="config"/>, the config and its strictness.
    /// What kos did not write keeps its sealed hash, so earlier drift is not washed out. Appends
    /// <c>governance.sealed</c> only when the seal changes; returns it, or null.
    /// </summary>
    /// <param name="create">Whether a tree kos never recorded gets its first record now (false for writes an agent's command can trigger).</param>
    LedgerEvent? Seal(KosProject tree, string reason, IReadOnlySet<string> agents, bool config, string? file = null, bool create = true);

    /// <summary>Seals the tree's governance as it is now, every file that holds kos's entries included (<c>kos init</c> on a tree with no seal, <c>kos accept-governance</c>).</summary>
    LedgerEvent? SealAll(KosProject tree, string reason);

    /// <summary>The first record of a new ledger's governance, in the transaction that writes <c>project.initialised</c> (which carries it).</summary>
    GovernanceSeal SealAtInit(ILedgerWriter w, KosProject tree);

    /// <summary>What changed in <paramref name="tree"/>'s governance since kos sealed it, and the seal (null: never sealed, nothing to compare).</summary>
    (IReadOnlyList<GovernanceDrift> Drift, GovernanceSeal? Seal) Drift(KosProject tree);
}
