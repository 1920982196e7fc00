using System.Text.Json.Nodes;
using KnowledgeOS.Claims;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Scopes;

internal sealed partial class WriteChecks
{
    /// <summary>
    /// A person's answer to a change kos could not attribute (<c>change.unattributed</c>) in this work
    /// tree: it is <paramref name="taskId"/>'s. Outside that task's scope it becomes the task's violation
    /// (blocking its completion until undone, as if reconciliation had found it); postflight stops asking.
    /// </summary>
    public LedgerEvent AssignChange(string path, string taskId) => kernel.Store.Write(w =>
    {
        var tree = WorktreeBinding.NameOf(kernel.Project);
        var rel = kernel.Project.Relative(path);
        var key = tree + ":" + rel;
        if (w.GetRecord(Attribution.UnattributedKind, key) is not { } json || JsonNode.Parse(json) is not JsonObject rec)
        {
            throw KosException.Input($"{rel} has no unattributed change in this work tree ({tree}); 'kos postflight' lists the ones waiting for a person.");
        }

        var task = kernel.Tasks.Resolve(w, taskId);
        var inScope = ViolationGate.Covers(Protected, task, rel);
        var sessions = rec["sessions"]?.AsArray().Select(x => x!.GetValue<string>()).ToList() ?? [];
        var e = kernel.Append(w, EventCatalog.ChangeAssigned, task.Id, new ChangeAssigned(rel, task.Id, inScope, tree, sessions));
        if (!inScope)
        {
            var why = $"{rel} is outside {task.Id}'s scope ({string.Join(", ", task.Scope)}); assigned to it by {kernel.Actor}";
            kernel.Append(w, EventCatalog.ScopeViolation, task.Id, new ScopeViolation([rel], [why], "assigned", task.Scope, tree));
            w.PutRecord(Reconciler.ViolationKind, $"{task.Id}:{rel}", task.Id, new JsonObject
            {
                ["path"] = rel, ["why"] = why, ["cause"] = "assigned by " + kernel.Actor, ["tree"] = kernel.Project.Root, ["head"] = Evidence.WorkingTree.Head(kernel.Project.Root),
            }.ToJsonString());
        }

        rec["assigned"] = task.Id;
        w.PutRecord(Attribution.UnattributedKind, key, task.Id, rec.ToJsonString());
        return e;
    });

    /// <summary>
    /// A person's acknowledgement that an unwatched call of <paramref name="taskId"/> discarded or overwrote
    /// uncommitted work in <paramref name="path"/> (outside its scope): the loss no longer blocks completion.
    /// </summary>
    public LedgerEvent AcknowledgeLoss(string taskId, string path) => kernel.Store.Write(w =>
    {
        var task = kernel.Tasks.Resolve(w, taskId);
        var rel = kernel.Project.Relative(path);
        var key = $"{task.Id}:{rel}";
        if (w.GetRecord(Reconciler.ViolationKind, key) is not { } json || JsonNode.Parse(json) is not JsonObject rec || rec["destroyed"]?.GetValue<bool>() != true)
        {
            throw KosException.Input($"{task.Id} has no discarded work recorded in {rel}; 'kos postflight' lists what waits for a person.");
        }

        var e = kernel.Append(w, EventCatalog.LossAcknowledged, task.Id, new LossAcknowledged(rel, task.Id, rec["cause"]?.GetValue<string>()));
        w.PutRecord(ViolationGate.LossKind, key, task.Id, new JsonObject { ["by"] = kernel.Actor, ["seq"] = e.Seq }.ToJsonString());
        return e;
    });
}
