using System.Text;
using System.Text.Json.Nodes;
using KnowledgeOS.Context;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Scopes;
using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS;

public sealed partial class Kernel
{
    /// <summary>Everything the pack could say about the task, before fitting it to a budget.</summary>
    private (PackContent Content, PackBasis Basis) Gather(TaskState task, int budget)
    {
        // git status runs while the rest is read: on a big tree it is most of the wall time.
        var changed = task.Scope.Count == 0 ? Task.FromResult(new HashSet<string>()) : FileRanker.StartChanged(Project.Root);
        Spec? spec = null;
        string? drift = null;
        if (task.SpecId is not null)
        {
            var file = new SpecCatalog(Project.SpecsDir).FindFile(task.SpecId);
            spec = file is null ? null : SpecCatalog.TryLoad(file).Spec;
            var d = SpecAlignment.Compare(Project, Store, task);
            drift = d.Aligned ? null : d.Summary + $" (see 'kos align-spec {task.Id}')";
        }

        var bound = SpecAlignment.Bound(Store, task.SpecHash);
        var requirements = task.Requirements.Select(id =>
            spec?.Find(id) is { } r ? (r.Id, r.Text)
            : bound?.Requirements.FirstOrDefault(b => string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase)) is { } old ? (old.Id, old.Text + " (removed from the spec since)")
            : (id, "(text unavailable)")).ToList();
        var intent = spec?.Intent ?? task.Intent;
        if (spec is not null && task.Intent.Length > 0 && !string.Equals(task.Intent.Trim(), spec.Intent.Trim(), StringComparison.Ordinal))
        {
            intent += "\n\nFor this task: " + task.Intent.Trim();
        }

        var events = Store.Events(task.Id).ToList();
        var decisions = events.Where(e => IsDecision(e.Type)).Select(e => new PackEvent(e.Seq, e.Time, e.Type, Text(e))).ToList();
        var denials = events.Where(e => IsDenial(e.Type)).Select(e => new PackEvent(e.Seq, e.Time, e.Type, Text(e))).ToList();
        var progress = events.Where(e => e.Type.StartsWith("task.", StringComparison.Ordinal) || e.Type.StartsWith("claim.", StringComparison.Ordinal))
            .Select(e => $"{e.Time} {e.Type} ({e.ShortHash})").ToList();
        var evidence = Store.ListRecords(EvidenceKind, task.Id);
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
            : FileRanker.Rank(Project.Root, WriteScope.Compile(task.Scope), Protected, TreeFiles.List(Project), taskText.ToString(), changed, budget * 4L);

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
            Plan = plan.Count == 0 ? null : plan,
            Progress = progress.Count == 0 ? null : progress,
            Scope = task.Scope.Count == 0 ? null : task.Scope,
            Decisions = decisions.Count == 0 ? null : decisions,
            Denials = denials.Count == 0 ? null : denials,
            Evidence = evidence.Count == 0 ? null : EvidenceText(evidence),
            Files = files.Count == 0 ? null : files,
            FilesTotal = total,
        };
        return (content, Basis(task));
    }

    /// <summary>A line for an event: its text, note, refusals or denied paths.</summary>
    /// <summary>Refusals the pack reports: gates, write checks, and the hooks' refused tool calls.</summary>
    private static bool IsDenial(string type) =>
        type == EventCatalog.GateRefused.Name || type == EventCatalog.WriteDenied.Name || type == EventCatalog.CapabilityDenied.Name;

    private static string Text(LedgerEvent e)
    {
        var p = JsonNode.Parse(e.Payload) as JsonObject;
        if (p is null)
        {
            return e.Type;
        }

        if (p["text"] is JsonValue t)
        {
            return t.ToString();
        }

        if (e.Type == EventCatalog.TaskReviewRejected.Name)
        {
            return $"plan rejected by {p["reviewer"]}: {p["note"]}";
        }

        if (p["refusals"] is JsonArray refusals)
        {
            return $"{p["phase"]} refused: " + string.Join("; ", refusals.Select(r => r?.ToString()));
        }

        if (e.Type == EventCatalog.CapabilityDenied.Name && p["reason"] is JsonValue reason)
        {
            // A hook's refusal (write scope or registry): its reason already names the paths or the capability.
            return reason.ToString();
        }

        if (p["paths"] is JsonArray paths)
        {
            return "write denied: " + string.Join("; ", paths.Select(x => $"{x?["path"] ?? x?["input"]} ({x?["reason"]})"));
        }

        return e.Type;
    }

    /// <summary>The latest evidence record, summarised from the fields an eval record has (whatever module wrote it).</summary>
    private static string EvidenceText(IReadOnlyList<(string Key, string Value)> records)
    {
        var (key, value) = records[^1];
        var sb = new StringBuilder().Append(records.Count).Append(" record(s); latest ").Append(key).Append(':');
        if (JsonNode.Parse(value) is JsonObject o)
        {
            foreach (var field in new[] { "command", "exitCode", "passed", "ok", "outcome", "durationMs", "head", "tree", "treeDigest", "time", "stdoutTail", "stderrTail" })
            {
                if (o[field] is { } v)
                {
                    var s = v is JsonValue ? v.ToString() : v.ToJsonString();
                    sb.Append(' ').Append(field).Append('=').Append(s.Length > 200 ? s[..197] + "..." : s);
                }
            }
        }
        else
        {
            sb.Append(' ').Append(value.Length > 300 ? value[..297] + "..." : value);
        }

        return sb.ToString();
    }
}
