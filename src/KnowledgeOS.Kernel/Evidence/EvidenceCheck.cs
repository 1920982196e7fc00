using KnowledgeOS.Claims;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Evidence;

/// <summary>
/// Whether a task's evidence backs "done" now: every required eval ran and passed, and the
/// working tree is the one the evals ran on. Shared by the completion gate, verify-claim and postflight.
/// </summary>
public static class EvidenceCheck
{
    /// <summary>
    /// Every reason the evidence does not back completion; empty when it does. Without
    /// <paramref name="currentTree"/>, the tree compared is the task's own (<see cref="TaskTrees"/>),
    /// whichever tree <paramref name="project"/> is. Each reason ends with what to run, unless <paramref name="advise"/> is
    /// false (the Stop gate says what to do once, after all of them).
    /// </summary>
    public static IReadOnlyList<string> Problems(KosProject project, KosConfig config, ILedgerReader ledger, TaskState task, string? currentTree = null, bool advise = true)
    {
        if (currentTree is null)
        {
            project = TaskTrees.Of(project, ledger, task).Project;
        }

        var problems = new List<string>();
        var run = EvidenceStore.Latest(ledger, task.Id);
        var required = EvalPlan.For(project, config, task);
        if (required.Count == 0)
        {
            problems.Add($"{task.Id} has no evals, so nothing can show it works: add one ('kos add-eval \"COMMAND\" --task {task.Id}', acceptance commands in its spec, or [evals] default in .agent-os/config.toml)" +
                         (advise ? $", then 'kos eval-task {task.Id}'" : ""));
            return problems;
        }

        if (run is null)
        {
            problems.Add("no evidence: kos has not run this task's evals" + Run(advise, task.Id));
            return problems;
        }

        foreach (var eval in required)
        {
            var result = run.Results.FirstOrDefault(r => string.Equals(r.Command, eval.Command, StringComparison.Ordinal));
            if (result is null)
            {
                problems.Add($"eval '{eval.Command}' ({eval.Source}) has no evidence in the latest run{(run.Finished ? "" : " (that run did not finish)")}" + Run(advise, task.Id));
            }
            else if (!result.Passed)
            {
                var tail = LastLine(result.StderrTail) ?? LastLine(result.StdoutTail);
                problems.Add($"eval '{eval.Command}' failed: {result.Reason}{(tail is null ? "" : $" (last output: {tail})")}" + (advise ? $"; fix it and run 'kos eval-task {task.Id}'" : ""));
            }
        }

        var now = currentTree ?? WorkingTree.Digest(project);
        if (!string.Equals(now, run.Tree, StringComparison.Ordinal))
        {
            var changed = WorkingTree.Changed(project.Root, run.Tree, now);
            var files = changed is null ? "(the evidence tree is no longer in git's object store)" : Names(changed);
            var byEvals = run.ChangedByEvals.Count > 0
                ? $"; the evals themselves changed {Names(run.ChangedByEvals)}: add such outputs to .gitignore"
                : "";
            problems.Add($"the evidence is stale: the working tree changed since the evals ran at {run.Time}: {files}{byEvals}" + (advise ? $"; run 'kos eval-task {task.Id}' again" : ""));
        }

        return problems;
    }

    private static string Run(bool advise, string task) => advise ? $"; run 'kos eval-task {task}'" : "";

    internal static string Names(IReadOnlyList<string> files) =>
        string.Join(", ", files.Take(10)) + (files.Count > 10 ? $" and {files.Count - 10} more" : "");

    private static string? LastLine(string tail) =>
        tail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() is { } l
            ? l.Length > 160 ? l[..160] + "…" : l
            : null;
}
