using KnowledgeOS.Evidence;
using KnowledgeOS.Project;

namespace KnowledgeOS.Serve.Views;

/// <summary>
/// The working-tree digest evidence is compared with, taken at most once per two seconds (two git
/// processes each time): a live board re-renders cards on every event, and hooks record many.
/// </summary>
internal sealed class TreeDigest(KosProject project, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private (string Tree, DateTimeOffset At)? _last;

    public string? Current()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_last is { } l && now - l.At < MaxAge)
            {
                return l.Tree;
            }

            try
            {
                _last = (WorkingTree.Digest(project), now);
                return _last.Value.Tree;
            }
            catch (KosException)
            {
                // Not knowing the tree makes passing evidence "fresh" by the ledger alone; the task page runs the full check.
                return null;
            }
        }
    }
}
