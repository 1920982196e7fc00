using KnowledgeOS.Ledger;
using KnowledgeOS.Postflight;

namespace KnowledgeOS.Postflight;

/// <summary><c>kernel.Postflight</c>: the reconciliation checks (<c>kos postflight</c>).</summary>
public interface IPostflight
{
    /// <summary>
    /// Runs postflight and records the outcome: <c>postflight.ok</c> (the event a [SYNC_OK] marker
    /// quotes) only when nothing is wrong, else <c>postflight.failed</c> with the problems.
    /// </summary>
    /// <remarks>
    /// A clean run records a checkpoint at its own event (projection record and, outside the ledger,
    /// <c>.git/kos/checkpoint</c>); the next run verifies the chain from there (see <see cref="ChainChecks"/>)
    /// unless <paramref name="full"/>.
    /// </remarks>
    (PostflightReport Report, LedgerEvent Event) Run(Func<string, string?> env, bool full = false, ChainPolicy? policy = null);
}
