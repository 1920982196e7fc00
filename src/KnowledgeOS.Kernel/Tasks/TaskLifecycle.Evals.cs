using KnowledgeOS.Events;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Tasks;

internal sealed partial class TaskLifecycle
{
    /// <summary>
    /// Gives an existing task another eval command (recorded as <c>task.eval-added</c>, shown in its
    /// context pack and trace). A task created without evals can so still earn evidence and complete.
    /// </summary>
    public (TaskState Task, LedgerEvent Event) AddEval(string taskId, string command) => kernel.Store.Write(w =>
    {
        var task = Resolve(w, taskId);
        var text = command.Trim();
        if (text.Length == 0)
        {
            throw KosException.Input("An eval is a shell command kos runs, e.g. kos add-eval \"npm test\".");
        }

        if (task.Phase is Phase.Done or Phase.Abandoned)
        {
            throw KosException.Refused($"{task.Id} is {task.Phase.Name()}; reopen it first ('kos reopen {task.Id}').");
        }

        if (task.Evals.Contains(text, StringComparer.Ordinal))
        {
            throw KosException.Input($"{task.Id} already runs '{text}'.");
        }

        var e = kernel.Append(w, EventCatalog.TaskEvalAdded, task.Id, new EvalAdded(text));
        var saved = task with { Evals = [.. task.Evals, text], UpdatedAt = e.Time, LastSeq = e.Seq };
        kernel.SaveTask(w, saved);
        return (saved, e);
    });
}
