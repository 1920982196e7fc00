using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Claims;

/// <summary><c>kernel.Claims</c>: claims and leases: take, hand over, release, renew on activity, what is ready, where a task's work lives.</summary>
public interface IClaims
{
    /// <summary>Gives up a task's claim; the task keeps its phase and anyone may dispatch it again.</summary>
    LedgerEvent Release(string taskId, string? reason);

    /// <summary>
    /// Records that <paramref name="session"/> is active: renews the lease of every claim it holds.
    /// Cheap when nothing is due (a read, no write lock), so adapters may call it on every hook.
    /// Returns the tasks whose lease was renewed.
    /// </summary>
    /// <remarks>
    /// <paramref name="boundTask"/> is the task the caller acts for through a worktree binding or
    /// <c>KOS_TASK</c> (see <see cref="Scopes.IWriteChecks.ResolveActing"/>): activity there renews that task's claim
    /// too, whichever session dispatched it.
    /// </remarks>
    IReadOnlyList<string> Touch(string session, string? boundTask = null);

    /// <summary><see cref="Touch(string, string)"/> inside a caller's transaction (e.g. while recording a capability event).</summary>
    IReadOnlyList<string> Touch(ILedgerWriter w, string session, string? boundTask = null);

    /// <summary>The active tasks whose claim <paramref name="session"/> holds (expired or not: its own activity revives it).</summary>
    IReadOnlyList<TaskState> ClaimsOf(ILedgerReader r, string session);

    /// <summary>
    /// Tasks a session could dispatch right now: planned (and reviewed where review is required)
    /// with every dispatch gate passing (alignment, scope free…), or dispatched with no live claim.
    /// A dry run of the gates: nothing is recorded.
    /// </summary>
    IReadOnlyList<ReadyTask> Ready();

    /// <summary>Where <paramref name="task"/>'s work lives (see <see cref="TaskTrees"/>).</summary>
    TaskTree TreeOf(ILedgerReader r, TaskState task);

    /// <summary>The one entry to claiming, inside the caller's transaction (see <see cref="ClaimService.Take"/>).</summary>
    internal MoveResult Take(ILedgerWriter w, TaskState task, string session, string? agent, TimeSpan lease);

    /// <summary>Hands a live claim to the session that does the work (see <see cref="ClaimService.HandOver"/>).</summary>
    internal TaskState HandOver(ILedgerWriter w, TaskState task, string session, string? agent, string? reason = null);
}
