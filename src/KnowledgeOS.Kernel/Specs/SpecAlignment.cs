using System.Text.Json;
using KnowledgeOS.Json;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Specs;

/// <summary>A requirement whose text changed between two spec versions.</summary>
public sealed record ChangedRequirement(string Id, string Before, string After);

/// <summary>How a task's bound spec version differs from the spec file now.</summary>
public sealed record SpecDrift(
    string SpecId,
    string? BoundHash,
    string? CurrentHash,
    IReadOnlyList<RequirementText> Added,
    IReadOnlyList<RequirementText> Removed,
    IReadOnlyList<ChangedRequirement> Changed,
    IReadOnlyList<string> RemovedBound,
    string? Problem)
{
    public bool Aligned => Problem is null && string.Equals(BoundHash, CurrentHash, StringComparison.Ordinal);

    public string Summary => Problem ?? string.Join("; ", new[]
    {
        Added.Count > 0 ? "added " + string.Join(", ", Added.Select(a => a.Id)) : null,
        Removed.Count > 0 ? "removed " + string.Join(", ", Removed.Select(a => a.Id)) : null,
        Changed.Count > 0 ? "changed " + string.Join(", ", Changed.Select(a => a.Id)) : null,
        Added.Count + Removed.Count + Changed.Count == 0 && !Aligned ? "text outside the requirements changed" : null,
    }.Where(s => s is not null));
}

/// <summary>Mechanical drift detection: requirement IDs and texts, not a model's judgement.</summary>
public static class SpecAlignment
{
    public static SpecDrift Compare(KosProject project, ILedgerReader ledger, TaskState task)
    {
        var specId = task.SpecId!;
        var bound = Bound(ledger, task.SpecHash);
        var file = new SpecCatalog(project.SpecsDir).FindFile(specId);
        if (file is null)
        {
            return new SpecDrift(specId, task.SpecHash, null, [], bound?.Requirements ?? [], [], task.Requirements,
                $"the spec file for {specId} is gone from .agent-os/specs/");
        }

        var (spec, problems) = SpecCatalog.TryLoad(file);
        if (spec is null)
        {
            return new SpecDrift(specId, task.SpecHash, null, [], [], [], [],
                $"the spec file {project.Relative(file)} no longer parses ({problems[0].Message}, line {problems[0].Line})");
        }

        return Diff(specId, task, bound, spec);
    }

    public static SpecVersion? Bound(ILedgerReader ledger, string? hash) =>
        hash is null || ledger.GetRecord(SpecVersion.RecordKind, hash) is not { } json
            ? null
            : JsonSerializer.Deserialize(json, KernelJson.Default.SpecVersion);

    private static SpecDrift Diff(string specId, TaskState task, SpecVersion? bound, Spec current)
    {
        if (string.Equals(task.SpecHash, current.Hash, StringComparison.Ordinal))
        {
            return new SpecDrift(specId, task.SpecHash, current.Hash, [], [], [], [], null);
        }

        var before = (bound?.Requirements ?? []).ToDictionary(r => r.Id, r => r.Text, StringComparer.OrdinalIgnoreCase);
        var after = current.Requirements.ToDictionary(r => r.Id, r => r.Text, StringComparer.OrdinalIgnoreCase);
        var added = current.Requirements.Where(r => !before.ContainsKey(r.Id)).Select(r => new RequirementText(r.Id, r.Text)).ToList();
        var removed = (bound?.Requirements ?? []).Where(r => !after.ContainsKey(r.Id)).ToList();
        var changed = current.Requirements
            .Where(r => before.TryGetValue(r.Id, out var old) && !string.Equals(old, r.Text, StringComparison.Ordinal))
            .Select(r => new ChangedRequirement(r.Id, before[r.Id], r.Text)).ToList();
        var removedBound = task.Requirements.Where(id => !after.ContainsKey(id)).ToList();
        return new SpecDrift(specId, task.SpecHash, current.Hash, added, removed, changed, removedBound, null);
    }
}
