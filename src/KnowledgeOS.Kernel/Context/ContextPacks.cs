using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;
using KnowledgeOS.Scopes;
using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Context;

/// <summary>The <see cref="IContextPacks"/> service, created once per kernel.</summary>
internal sealed partial class ContextPacks(Kernel kernel) : IContextPacks
{
    public static readonly string PackedEvent = EventCatalog.ContextPacked.Name;
    public const string EvidenceKind = "evidence";

    /// <summary>
    /// Builds the task's context pack within <paramref name="budget"/> tokens and records its hash
    /// (a <c>context.packed</c> event with the basis <see cref="Verify"/> compares against).
    /// Same ledger state and tree, same pack, same hash. Event hashes and digests appear only with <paramref name="hashes"/>.
    /// </summary>
    /// <param name="archived">Read the task's archived events too (<see cref="Ledger.Archive.ILedgerArchive.ArchivedEvents"/>, each archive verified): for a
    /// task reopened after its history was archived.</param>
    public ContextPack Build(string taskId, int budget, PackFormat format, bool record = true, bool hashes = false, bool archived = false)
    {
        if (budget <= 0)
        {
            throw KosException.Input($"--budget {budget} is not a token budget; give a positive number such as 4000.");
        }

        var task = kernel.Tasks.Resolve(kernel.Store, taskId);
        var (full, basis) = Gather(task, budget, hashes, archived);
        var (content, text, dropped) = PackFitter.Fit(full, format, budget);
        var tokens = ContextPack.Estimate(text);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var pack = new ContextPack(task.Id, text, hash, format, budget, tokens, dropped, tokens > budget, basis, null);
        _ = content;
        if (!record)
        {
            return pack;
        }

        var e = kernel.Store.Write(w => kernel.Append(w, EventCatalog.ContextPacked, task.Id,
            new ContextPacked(hash, format == PackFormat.Json ? "json" : "md", budget, tokens, "chars/4", dropped.ToList(), tokens > budget, basis.ToJson())));
        return pack with { RecordedSeq = e.Seq };
    }

    /// <summary>Whether the pack with <paramref name="packHash"/> (a prefix is enough; default: the task's latest) still holds.</summary>
    public ContextVerdict Verify(string taskId, string? packHash)
    {
        var task = kernel.Tasks.Resolve(kernel.Store, taskId);
        var packed = kernel.Store.Events(task.Id).Where(e => e.Type == PackedEvent).ToList();
        var evt = packHash is null
            ? packed.LastOrDefault()
            : packed.LastOrDefault(e => ((string?)JsonNode.Parse(e.Payload)?["hash"] ?? "").StartsWith(packHash.Trim().ToLowerInvariant(), StringComparison.Ordinal));
        if (evt is null)
        {
            var why = packHash is null
                ? $"no context pack was ever made for {task.Id}; make one with 'kos context-pack {task.Id}'"
                : $"no context pack {packHash} was recorded for {task.Id}";
            return new ContextVerdict(task.Id, packHash, null, false, [why]);
        }

        var payload = JsonNode.Parse(evt.Payload)!.AsObject();
        var then = PackBasis.FromJson(payload["basis"]!.AsObject());
        var now = Basis(task);
        var changes = new List<string>();
        if (then.SpecHash != now.SpecHash)
        {
            var drift = task.SpecId is null ? null : SpecAlignment.Compare(kernel.Project, kernel.Store, task);
            changes.Add($"spec {task.SpecId} changed since the pack ({Short(then.SpecHash)} → {Short(now.SpecHash)}{(drift is { Aligned: false } ? "; " + drift.Summary : "")})");
        }

        if (then.PlanHash != now.PlanHash)
        {
            changes.Add("the plan changed since the pack: " + string.Join(" | ", task.Plan.Select(StepText)));
        }

        if (!then.Scope.SequenceEqual(now.Scope))
        {
            changes.Add($"the scope changed: {string.Join(" ", then.Scope)} → {string.Join(" ", now.Scope)}");
        }

        if (now.LastDecisionSeq > then.LastDecisionSeq)
        {
            var n = kernel.Store.Events(task.Id, then.LastDecisionSeq).Count(e => IsDecision(e.Type));
            changes.Add($"{n} new decision{(n == 1 ? "" : "s")} since the pack");
        }

        if (now.EvidenceKey != then.EvidenceKey || now.EvidenceCount != then.EvidenceCount)
        {
            changes.Add($"new evidence since the pack ({now.EvidenceCount - then.EvidenceCount} more record(s), latest {now.EvidenceKey ?? "-"})");
        }

        return new ContextVerdict(task.Id, (string?)payload["hash"], evt.Seq, changes.Count == 0, changes);
    }

    private static string Short(string? hash) => hash is null ? "none" : hash[..Math.Min(12, hash.Length)];

    private static bool IsDecision(string type) => type == EventCatalog.Decision.Name || type == EventCatalog.TaskReviewRejected.Name;

    private static string StepText(PlanStep s) => (s.Requirements.Count > 0 ? string.Join(",", s.Requirements) + ": " : "") + s.Text;

    private PackBasis Basis(TaskState task)
    {
        string? specHash = null;
        if (task.SpecId is not null && new SpecCatalog(kernel.Project.SpecsDir).FindFile(task.SpecId) is { } file)
        {
            specHash = SpecCatalog.TryLoad(file).Spec?.Hash;
        }

        var plan = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", task.Plan.Select(StepText)))));
        var lastDecision = kernel.Store.Events(task.Id).Where(e => IsDecision(e.Type)).Select(e => e.Seq).DefaultIfEmpty(0).Max();
        var evidence = kernel.Store.ListRecords(EvidenceKind, task.Id);
        return new PackBasis(task.SpecId, specHash, plan, task.Scope, task.Phase.Name(), lastDecision, evidence.Count == 0 ? null : evidence[^1].Key, evidence.Count);
    }
}
