using System.Globalization;
using System.Text;
using KnowledgeOS.Git;
using KnowledgeOS.Ledger;
using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Evidence;

/// <summary>The front matter of a rendered <c>.agent-os/tasks/T-….md</c>: what postflight compares with the ledger.</summary>
public sealed record TaskRecordHeader(string Id, string Phase, string Anchor, string Path);

/// <summary>
/// The task record committed with the code: intent, bound requirements, plan, scope, evidence,
/// changed files, and the ledger event that anchors it. Rendered at report and done, and by
/// <c>kos doctor --fix</c> when it has fallen behind the ledger.
/// </summary>
public static class TaskRecord
{
    public static string PathOf(Kernel k, string taskId) => System.IO.Path.Combine(k.Project.TasksDir, taskId + ".md");

    /// <summary>The event that put the task in its current phase: the record's anchor.</summary>
    public static LedgerEvent? Anchor(ILedgerReader r, TaskState task) =>
        task.LastSeq > 0 && r.GetEvent(task.LastSeq) is { } e && e.Task == task.Id && Markers.PayloadString(e, "phase") == task.Phase.Name()
            ? e
            : r.Events(task.Id).LastOrDefault(e => e.Type.StartsWith("task.", StringComparison.Ordinal) && Markers.PayloadString(e, "phase") == task.Phase.Name());

    public static string Write(Kernel k, TaskState task)
    {
        Directory.CreateDirectory(k.Project.TasksDir);
        var path = PathOf(k, task.Id);
        File.WriteAllText(path, Render(k, task));
        Scopes.OwnWrites.Record(k, path);
        return path;
    }

    public static string Render(Kernel k, TaskState task)
    {
        var anchor = Anchor(k.Store, task) ?? throw KosException.Environment($"the ledger has no event putting {task.Id} in phase {task.Phase.Name()}; run 'kos trace verify'");
        var run = EvidenceStore.Latest(k.Store, task.Id);
        var sb = new StringBuilder();
        sb.Append("---\n");
        sb.Append("id: ").Append(task.Id).Append('\n');
        sb.Append("title: ").Append(Yaml(task.Title)).Append('\n');
        sb.Append("phase: ").Append(task.Phase.Name()).Append('\n');
        if (task.SpecId is not null)
        {
            sb.Append("spec: ").Append(task.SpecId).Append('\n');
        }

        sb.Append("anchor: ").Append(anchor.Hash).Append('\n');
        sb.Append("anchor-seq: ").Append(anchor.Seq.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("---\n\n");
        sb.Append("# ").Append(task.Id).Append(": ").Append(task.Title).Append("\n\n");
        sb.Append("## Intent\n\n").Append(string.IsNullOrWhiteSpace(task.Intent) ? "(none recorded)" : task.Intent.Trim()).Append("\n\n");
        Requirements(sb, k.Store, task);
        sb.Append("## Plan\n\n");
        Lines(sb, task.Plan.Select(s => (s.Requirements.Count > 0 ? string.Join(",", s.Requirements) + ": " : "") + s.Text));
        sb.Append("## Scope\n\n");
        Lines(sb, task.Scope.Select(s => $"`{s}`"));
        Evidence(sb, run);
        sb.Append("## Changed files\n\n");
        Lines(sb, run is null ? [] : ChangedFiles(k, task, run).Select(f => $"`{f}`"));
        sb.Append("## Ledger\n\n");
        sb.Append($"Entered {task.Phase.Name()} at {anchor.Time} by {anchor.Actor}: event {anchor.Seq}, hash `{anchor.Hash}`.\n");
        sb.Append($"Check it: `kos verify-marker \"CHECKPOINT_OK {task.Id} {task.Phase.Name()} {anchor.ShortHash}\"`.\n");
        return sb.ToString();
    }

    private static void Requirements(StringBuilder sb, ILedgerReader r, TaskState task)
    {
        sb.Append("## Requirements\n\n");
        var bound = SpecAlignment.Bound(r, task.SpecHash);
        Lines(sb, task.Requirements.Select(id =>
            $"{id}: {bound?.Requirements.FirstOrDefault(x => string.Equals(x.Id, id, StringComparison.OrdinalIgnoreCase))?.Text ?? "(text not recorded)"}"
            + (task.SpecId is null ? "" : $" ({task.SpecId})")));
    }

    private static void Evidence(StringBuilder sb, EvidenceRun? run)
    {
        sb.Append("## Evidence\n\n");
        if (run is null)
        {
            sb.Append("No evals run by kos.\n\n");
            return;
        }

        var passed = run.Results.Count(x => x.Passed);
        sb.Append($"Run {run.RunId} at {run.Time} on HEAD `{Short(run.Head)}`, working tree `{Short(run.Tree)}`: {passed} of {run.Results.Count} passed{(run.Finished ? "" : " (unfinished)")}.\n\n");
        sb.Append("| result | command | exit | duration | stdout sha256 | event |\n|---|---|---|---|---|---|\n");
        foreach (var x in run.Results)
        {
            sb.Append($"| {(x.Passed ? "pass" : "FAIL")} | `{x.Command.Replace("|", "\\|", StringComparison.Ordinal)}` | {x.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? x.Reason} | {x.DurationMs} ms | `{x.StdoutSha256[..12]}` | {x.Seq} |\n");
        }

        sb.Append('\n');
    }

    /// <summary>Files changed between the commit the task started from and the tree its evidence ran on.</summary>
    public static IReadOnlyList<string> ChangedFiles(Kernel k, TaskState task, EvidenceRun run)
    {
        var created = DateTimeOffset.Parse(task.CreatedAt, CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var baseCommit = GitCli.Run(k.Project.Root, "rev-list", "-1", $"--before={created}", run.Head ?? "HEAD");
        var from = baseCommit.Ok && baseCommit.Stdout.Trim().Length > 0 ? baseCommit.Stdout.Trim() + "^{tree}" : run.Head is null ? null : run.Head + "^{tree}";
        if (from is null)
        {
            return [];
        }

        var r = GitCli.Run(k.Project.Root, "diff-tree", "-r", "--name-only", "-z", "--no-renames", from, run.Tree);
        return r.Ok
            ? r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(f => !f.StartsWith(".agent-os/", StringComparison.Ordinal)).ToList()
            : [];
    }

    /// <summary>Reads a record's front matter; null when the file is not a task record kos rendered.</summary>
    public static TaskRecordHeader? ReadHeader(string path)
    {
        string? id = null, phase = null, anchor = null;
        using var reader = new StreamReader(path);
        if (reader.ReadLine() != "---")
        {
            return null;
        }

        for (var line = reader.ReadLine(); line is not null && line != "---"; line = reader.ReadLine())
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var value = line[(colon + 1)..].Trim();
            switch (line[..colon].Trim())
            {
                case "id": id = value; break;
                case "phase": phase = value; break;
                case "anchor": anchor = value; break;
            }
        }

        return id is null || phase is null || anchor is null ? null : new TaskRecordHeader(id, phase, anchor, path);
    }

    private static void Lines(StringBuilder sb, IEnumerable<string> items)
    {
        var any = false;
        foreach (var i in items)
        {
            sb.Append("- ").Append(i).Append('\n');
            any = true;
        }

        sb.Append(any ? "\n" : "(none)\n\n");
    }

    private static string Short(string? hash) => hash is null ? "none" : hash[..Math.Min(12, hash.Length)];

    private static string Yaml(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
