using System.Text;
using System.Text.Json.Nodes;
using KnowledgeOS.Evidence;
using KnowledgeOS.Redaction;
using KnowledgeOS.Ledger;
using KnowledgeOS.Scopes;
using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Context;

internal sealed partial class ContextPacks
{
    /// <summary>Everything the pack could say about the task, before fitting it to a budget.</summary>
    private (PackContent Content, PackBasis Basis) Gather(TaskState task, int budget, bool hashes, bool archived)
    {
        // git status runs while the rest is read: on a big tree it is most of the wall time.
        var status = task.Scope.Count == 0 ? Task.FromResult(TreeStatus.None) : FileRanker.StartStatus(kernel.Project.Root);
        Spec? spec = null;
        string? drift = null;
        if (task.SpecId is not null)
        {
            var file = new SpecCatalog(kernel.Project.SpecsDir).FindFile(task.SpecId);
            spec = file is null ? null : SpecCatalog.TryLoad(file).Spec;
            var d = SpecAlignment.Compare(kernel.Project, kernel.Store, task);
            drift = d.Aligned ? null : d.Summary + $" (see 'kos align-spec {task.Id}')";
        }

        var bound = SpecAlignment.Bound(kernel.Store, task.SpecHash);
        var requirements = task.Requirements.Select(id =>
            spec?.Find(id) is { } r ? (r.Id, r.Text)
            : bound?.Requirements.FirstOrDefault(b => string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase)) is { } old ? (old.Id, old.Text + " (removed from the spec since)")
            : (id, "(text unavailable)")).ToList();
        var intent = spec?.Intent ?? task.Intent;
        if (spec is not null && task.Intent.Length > 0 && !string.Equals(task.Intent.Trim(), spec.Intent.Trim(), StringComparison.Ordinal))
        {
            intent += "\n\nFor this task: " + task.Intent.Trim();
        }

        var history = archived ? [.. kernel.Archive.ArchivedEvents(task.Id), .. kernel.Store.Events(task.Id)] : kernel.Store.Events(task.Id);
        var (decisions, denials, progress) = PackHistory.Read(history);
        var evidence = EvidenceStore.Latest(kernel.Store, task.Id);
        var evals = EvalPlan.For(kernel.Project, kernel.Config, task).Select(e => new PackEval(e.Command, e.Source)).ToList();
        var plan = task.Plan.Select(StepText).ToList();

        var taskText = new StringBuilder().Append(task.Title).Append('\n').Append(intent).Append('\n');
        foreach (var (_, t) in requirements)
        {
            taskText.Append(t).Append('\n');
        }

        foreach (var p in plan)
        {
            taskText.Append(p).Append('\n');
        }

        foreach (var d in decisions)
        {
            taskText.Append(d.Text).Append('\n');
        }

        var (files, total) = task.Scope.Count == 0
            ? ([], 0)
            : FileRanker.Rank(kernel.Project.Root, WriteScope.Compile(task.Scope), kernel.Writes.Protected, FileRanker.Tracked(kernel.Project.Root), taskText.ToString(), status, budget * 4L);

        var content = new PackContent
        {
            TaskId = task.Id,
            Title = task.Title,
            Phase = task.Phase.Name(),
            Agent = task.Agent,
            ClaimedBy = task.Claim is { } c ? $"session {c.Session} until {c.LeaseUntil}" : null,
            SpecId = task.SpecId,
            SpecTitle = spec?.Title,
            SpecHash = spec?.Hash ?? task.SpecHash,
            Intent = intent,
            Requirements = requirements,
            Drift = drift,
            Evals = evals,
            Plan = plan.Count == 0 ? null : plan,
            Progress = progress.Count == 0 ? null : progress,
            Scope = task.Scope.Count == 0 ? null : task.Scope,
            Decisions = decisions.Count == 0 ? null : decisions,
            Denials = denials.Count == 0 ? null : denials,
            Evidence = evidence is null ? null : Summarise(evidence),
            Files = files.Count == 0 ? null : files,
            FilesTotal = total,
            Hashes = hashes,
        };
        return (content, Basis(task));
    }

    /// <summary>Lines of a failing eval's output the pack shows, and the characters they may take (per stream).</summary>
    private const int TailLines = 10;
    private const int TailChars = 800;

    /// <summary>The latest run as pass or fail per eval; a failing eval brings the end of its output (redacted when recorded, and again here).</summary>
    private static PackEvidence Summarise(EvidenceRun run) => new(run.Time, run.Passed, run.Finished,
        run.Results.Select(r => new PackEvalResult(r.Command, r.Passed, r.ExitCode, r.Reason, r.DurationMs, r.Passed ? null : Tail(r))).ToList(),
        run.RunId, run.Tree, run.Head);

    private static string? Tail(EvalResult r)
    {
        var parts = new[] { r.StdoutTail, r.StderrTail }.Select(LastLines).Where(t => t.Length > 0).ToList();
        return parts.Count == 0 ? null : Redactor.Redact(string.Join("\n", parts)).Text;
    }

    private static string LastLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', ' ', '\t').Split('\n');
        var tail = string.Join("\n", lines.Skip(Math.Max(0, lines.Length - TailLines)));
        return tail.Length > TailChars ? "…" + tail[^TailChars..] : tail;
    }
}
