using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Evidence;

/// <summary>The <see cref="IEvidence"/> service, created once per kernel.</summary>
internal sealed class EvidenceService(Kernel kernel) : IEvidence
{
    /// <summary>
    /// Runs every eval of a task itself and records one <c>evidence.recorded</c> event per eval,
    /// against the working-tree digest taken before the first eval. Output streams to <paramref name="live"/>.
    /// </summary>
    public EvidenceRun RunEvals(string taskId, TextWriter live)
    {
        var task = kernel.Tasks.Resolve(kernel.Store, taskId);
        if (task.Phase.IsClosed())
        {
            throw KosException.Refused($"{task.Id} is {task.Phase.Name()}; reopen it ('kos reopen {task.Id}') before recording new evidence.");
        }

        // The evals run in the task's own tree (its bound worktree), whichever tree this command runs in.
        var where = kernel.Claims.TreeOf(kernel.Store, task);
        var project = where.Project;
        var evals = EvalPlan.For(project, kernel.Config, task);
        if (evals.Count == 0)
        {
            throw KosException.Input(
                $"{task.Id} has no evals to run. Add acceptance commands to its spec (## Acceptance), " +
                "or defaults under [evals] default in .agent-os/config.toml.");
        }

        var runId = Ids.New('E', 8);
        var outDir = Path.Combine(kernel.Project.StateDir, "evidence", task.Id, runId);
        Directory.CreateDirectory(outDir);
        var head = WorkingTree.Head(project.Root);
        var tree = WorkingTree.Digest(project);
        var run = new EvidenceRun(task.Id, runId, kernel.Now(), head, tree, [], false, [], where.Name);
        if (project != kernel.Project)
        {
            live.WriteLine($"kos: {task.Id}'s work lives in worktree {where.Name} ({project.Root}, via {where.Via}); its evals run there");
        }

        var env = new Dictionary<string, string> { ["KOS_TASK"] = task.Id, ["KOS_EVIDENCE_RUN"] = runId };
        for (var i = 0; i < evals.Count; i++)
        {
            var eval = evals[i];
            live.WriteLine($"kos: [{i + 1}/{evals.Count}] $ {eval.Command}   ({eval.Source})");
            var outcome = EvalRunner.Run(eval.Command, project.Root, kernel.Config.EvalTimeout, Path.Combine(outDir, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), live, env);
            var last = i == evals.Count - 1;
            var after = last ? WorkingTree.Digest(project) : tree;
            run = kernel.Store.Write(w => Record(w, project, task.Id, run, eval, outcome, last, after));
            live.WriteLine(outcome.Passed
                ? $"kos: passed in {EvalRunner.Seconds(TimeSpan.FromMilliseconds(outcome.DurationMs))}"
                : $"kos: FAILED: {outcome.Reason}");
        }

        return run;
    }

    private EvidenceRun Record(Ledger.ILedgerWriter w, Project.KosProject project, string taskId, EvidenceRun run, EvalSpec eval, EvalOutcome o, bool last, string treeAfter)
    {
        // What an eval printed is kept (its tails in the ledger, its whole output under .agent-os/state/) with secrets redacted;
        // the SHA-256 digests stay those of what it really printed.
        o = o with
        {
            Stdout = o.Stdout with { Tail = Redaction.Redactor.Redact(o.Stdout.Tail).Text },
            Stderr = o.Stderr with { Tail = Redaction.Redactor.Redact(o.Stderr.Tail).Text },
        };
        RedactFile(o.Stdout.Path);
        RedactFile(o.Stderr.Path);
        var output = Path.GetRelativePath(kernel.Project.Repository.MainWorkTree, Path.GetDirectoryName(o.Stdout.Path)!).Replace('\\', '/') + "/" + Path.GetFileNameWithoutExtension(o.Stdout.Path);
        var changed = last ? WorkingTree.Changed(project.Root, run.Tree, treeAfter) ?? [] : run.ChangedByEvals;
        var e = kernel.Append(w, EventCatalog.EvidenceRecorded, taskId, new EvidenceRecorded
        {
            Run = run.RunId,
            Command = eval.Command,
            Source = eval.Source,
            ExitCode = o.ExitCode,
            Passed = o.Passed,
            Reason = o.Reason,
            DurationMs = o.DurationMs,
            Stdout = new OutputDigest(o.Stdout.Sha256, o.Stdout.Bytes, o.Stdout.Tail),
            Stderr = new OutputDigest(o.Stderr.Sha256, o.Stderr.Bytes, o.Stderr.Tail),
            Output = output,
            Head = run.Head,
            Tree = run.Tree,
            ChangedByEvals = last && changed.Count > 0 ? changed : null,
            Worktree = run.Worktree,
        });
        var result = new EvalResult(eval.Command, eval.Source, o.ExitCode, o.Passed, o.Reason, o.DurationMs,
            o.Stdout.Sha256, o.Stderr.Sha256, o.Stdout.Tail, o.Stderr.Tail, output, e.Seq, e.Hash);
        var updated = run with { Results = [.. run.Results, result], Finished = last, ChangedByEvals = changed };
        EvidenceStore.Put(w, updated);
        return updated;
    }

    private static void RedactFile(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        var text = File.ReadAllText(path);
        var redacted = Redaction.Redactor.Redact(text);
        if (redacted.Rules.Count > 0)
        {
            File.WriteAllText(path, redacted.Text);
        }
    }
}
