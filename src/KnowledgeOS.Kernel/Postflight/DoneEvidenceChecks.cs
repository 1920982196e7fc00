using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Postflight;

/// <summary>
/// A done task's evidence still describes the code: the tree it ran on is the tree now, or what
/// changed since lies outside the task's scope, or later commits superseded it (said in the notes).
/// </summary>
internal static class DoneEvidenceChecks
{
    public static void Run(PostflightContext c)
    {
        var uncommitted = new Lazy<List<string>>(() => c.Uncommitted.Select(x => x.Path).ToList());
        var superseded = new List<string>();
        foreach (var task in c.Tasks.Where(t => t.Phase == Phase.Done))
        {
            if (!c.Evidence.TryGetValue(task.Id, out var run))
            {
                if (c.Kernel.Config.For("evidence") >= Project.Strictness.Standard)
                {
                    c.Problem("evidence", $"{task.Id} is done with no evidence kos recorded (completed under a laxer strictness?)",
                        $"kos reopen {task.Id} --reason \"needs evidence\" && kos eval-task {task.Id}");
                }

                continue;
            }

            if (string.Equals(run.Tree, c.Tree, StringComparison.Ordinal))
            {
                continue;
            }

            var scope = WriteScope.Compile(task.Scope);
            var later = run.Head is not null && c.GitHead is not null && !string.Equals(run.Head, c.GitHead, StringComparison.Ordinal);
            // After later commits, only uncommitted edits in the task's scope can contradict its evidence.
            var changed = later ? uncommitted.Value : c.ChangedSince(run.Tree);
            if (changed is null)
            {
                c.Problem("evidence", $"{task.Id}'s evidence tree {run.Tree[..12]} is no longer in git's object store",
                    $"kos reopen {task.Id} && kos eval-task {task.Id}");
                continue;
            }

            var inScope = changed.Where(scope.Matches).ToList();
            if (inScope.Count > 0)
            {
                c.Problem("evidence", $"{task.Id} is done but files in its scope changed since its evidence: {PostflightRunner.Names(inScope)}",
                    $"kos reopen {task.Id} --reason \"changed after done\" && kos eval-task {task.Id}   (or revert the change)", inScope);
            }
            else if (later)
            {
                superseded.Add(task.Id);
            }
        }

        if (superseded.Count > 0)
        {
            c.Notes.Add($"{superseded.Count} done task{(superseded.Count == 1 ? "'s" : "s'")} evidence is superseded by later commits up to HEAD {c.GitHead![..12]} " +
                        $"(nothing in their scopes changed since): {PostflightRunner.Names(superseded)}");
        }
    }
}
