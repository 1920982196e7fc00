using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Scopes;

/// <summary><c>kernel.Writes</c>: the hooks' write check and what it rests on: the acting task, path resolution, protected paths; attribution of changes.</summary>
public interface IWriteChecks
{
    /// <summary>The path normaliser for this work tree (probes the file system once).</summary>
    RepoPaths Paths { get; }

    ProtectedPaths Protected { get; }

    /// <summary>
    /// The task a caller acts for: the one named; else the one whose claim the session holds; else
    /// the one this git worktree is bound to (<c>kos bind</c>).
    /// </summary>
    (TaskState? Task, ActingVia Via) ResolveActing(ILedgerReader r, string? taskId, string? session);

    /// <summary>
    /// The hook's question on every write: may the acting task (see <see cref="ResolveActing"/>)
    /// write each path? Paths are resolved as the file system would (symlinks, <c>..</c>, case,
    /// NFC) relative to <paramref name="cwd"/> (default: the work tree root). Read-only when every
    /// path is allowed; a denial is recorded as a <c>write.denied</c> event (unless <paramref name="record"/> is false).
    /// Inside a write, pass its writer as <paramref name="reader"/> (and <paramref name="record"/> false).
    /// <paramref name="level"/>: the scope strictness to judge by (default: the configured one).
    /// </summary>
    WriteCheck Check(IReadOnlyList<string> paths, string? taskId, string? session, string? cwd = null, bool record = true, ILedgerReader? reader = null, Strictness? level = null);

    /// <summary>
    /// A person's answer to a change kos could not attribute (<c>change.unattributed</c>) in this work
    /// tree: it is <paramref name="taskId"/>'s. Outside that task's scope it becomes the task's violation
    /// (blocking its completion until undone, as if reconciliation had found it); postflight stops asking.
    /// </summary>
    LedgerEvent AssignChange(string path, string taskId);

    /// <summary>
    /// A person's acknowledgement that an unwatched call of <paramref name="taskId"/> discarded or overwrote
    /// uncommitted work in <paramref name="path"/> (outside its scope): the loss no longer blocks completion.
    /// </summary>
    LedgerEvent AcknowledgeLoss(string taskId, string path);
}
