using System.Text.Json.Nodes;
using KnowledgeOS.Claims;
using KnowledgeOS.Gates;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Scopes;

/// <summary>
/// Done: no out-of-scope change found by reconciliation is still in the working tree. A violation
/// clears itself when the file is reverted, or when the task is re-routed to a scope that covers it.
/// </summary>
public sealed class ViolationGate : IGate
{
    /// <summary>Records of a person's acknowledgement that uncommitted work was lost (key <c>TASK:PATH</c>).</summary>
    public const string LossKind = "loss-acknowledged";

    public string Name => "scope";

    public bool AppliesTo(Phase from, Phase to) => to == Phase.Done;

    public Enforcement Level(Strictness s) => GateRunner.Standard(s);

    public IEnumerable<string> Check(GateContext c)
    {
        var records = c.Ledger.ListRecords(Reconciler.ViolationKind, c.Proposed.Id);
        if (records.Count == 0)
        {
            yield break;
        }

        var protectedPaths = new ProtectedPaths(c.Config.ProtectedPatterns);
        foreach (var v in Open(c.Project, c.Ledger, c.Proposed, records))
        {
            if (!v.Destroyed && Covers(protectedPaths, c.Proposed, v.Target ?? v.Path))
            {
                continue;
            }

            if (v.Destroyed)
            {
                yield return $"{v.Path} held uncommitted work outside the scope of {c.Proposed.Id}, and {v.Cause ?? "a write hooks could not see"} discarded or overwrote it" +
                             $"{(v.Tree is null ? "" : $" in worktree {v.Tree}")}; restore it, or a person acknowledges the loss: kos acknowledge-loss {c.Proposed.Id} {v.Path}";
                continue;
            }

            yield return $"{v.Path} was changed outside the scope of {c.Proposed.Id} ({string.Join(", ", c.Proposed.Scope)}) by a write hooks could not see" +
                         $"{(v.Tree is null ? "" : $" in worktree {v.Tree}")}; " +
                         $"revert it there (git checkout -- {v.Path}, or delete it if new) or re-route the task to cover it";
        }
    }

    /// <summary>
    /// The violations of <paramref name="task"/> whose file is still changed in the tree where the
    /// change was made (the tree recorded with the violation, else the task's own tree), whichever
    /// tree the caller runs in.
    /// </summary>
    public static IReadOnlyList<OpenViolation> Open(KosProject here, ILedgerReader ledger, TaskState task, IReadOnlyList<(string Key, string Value)>? records = null)
    {
        records ??= ledger.ListRecords(Reconciler.ViolationKind, task.Id);
        var open = new List<OpenViolation>();
        if (records.Count == 0)
        {
            return open;
        }

        var dirty = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var unlisted = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        TaskTree? own = null;
        foreach (var (_, value) in records)
        {
            var node = JsonNode.Parse(value);
            var path = node?["path"]?.GetValue<string>();
            if (path is null)
            {
                continue;
            }

            var recorded = node!["tree"]?.GetValue<string>();
            var root = recorded is not null && Directory.Exists(recorded) ? recorded : (own ??= TaskTrees.Of(here, ledger, task)).Project.Root;
            if (!dirty.TryGetValue(root, out var changed))
            {
                changed = Reconciler.Dirty(root);
                dirty[root] = changed;
            }

            var before = node["before"]?.GetValue<string>();
            var destroyed = node["destroyed"]?.GetValue<bool>() == true;
            bool stillOpen;
            if (destroyed)
            {
                // Uncommitted work was lost: open until it is back as it was, or a person acknowledges the loss.
                stillOpen = ledger.GetRecord(LossKind, $"{task.Id}:{path}") is null && changed.GetValueOrDefault(path) != before;
            }
            else if (node["unlisted"]?.GetValue<bool>() == true)
            {
                // Git never lists it: open while it differs from what it was before the call.
                unlisted.TryGetValue(root, out var digests);
                digests ??= unlisted[root] = UnlistedPaths.Digests(KosProject.Locate(root));
                stillOpen = digests.GetValueOrDefault(path, "absent") != before;
            }
            else
            {
                stillOpen = changed.ContainsKey(path) || CommittedSince(root, node["head"]?.GetValue<string>(), path);
            }

            if (stillOpen)
            {
                var name = TaskTrees.SameFolder(root, here.Root) ? null : Worktrees.At(here.Repository, root)?.Name ?? root;
                open.Add(new OpenViolation(task.Id, path, name, node["session"]?.GetValue<string>(), node["cause"]?.GetValue<string>(), destroyed, node["target"]?.GetValue<string>()));
            }
        }

        return open;
    }

    /// <summary>Whether <paramref name="path"/> differs between the commit the violation was seen on and the tree's HEAD (the change was committed).</summary>
    private static bool CommittedSince(string root, string? head, string path)
    {
        if (head is null || Evidence.WorkingTree.Head(root) is not { } now || now == head)
        {
            return false;
        }

        var r = Git.GitCli.Run(root, "diff", "--quiet", "--no-renames", head, now, "--", ":(literal)" + path);
        return r.ExitCode == 1;
    }

    /// <summary>Whether <paramref name="rel"/> may be committed or kept by <paramref name="task"/>: in its scope and not protected.</summary>
    public static bool Covers(ProtectedPaths protectedPaths, TaskState task, string rel) =>
        protectedPaths.Why(rel) is null && WriteScope.Compile(task.Scope).Matches(rel);
}

/// <summary>An out-of-scope change still in the tree where it was made (<see cref="Tree"/>: null when that is the caller's tree).</summary>
public sealed record OpenViolation(string Task, string Path, string? Tree, string? Session, string? Cause, bool Destroyed = false, string? Target = null);
