using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Gates;
using KnowledgeOS.Json;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Specs;

/// <summary>The outcome of <c>align-spec</c>: the drift found, and the rebinding if it was accepted.</summary>
public sealed record AlignResult(TaskState Task, SpecDrift Drift, Checkpoint? Accepted, IReadOnlyList<string> Problems);

/// <summary>The <see cref="ISpecs"/> service, created once per kernel.</summary>
internal sealed class SpecService(Kernel kernel) : ISpecs
{
    /// <summary>Writes a new spec file and records its first version.</summary>
    public (Spec Spec, LedgerEvent? Event) Create(string title, string intent, IReadOnlyList<string> requirements, IReadOnlyList<string> evals, IReadOnlyList<string> nonGoals)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw KosException.Input("A spec needs a title: kos create-spec \"Title\" --intent \"…\" --req \"…\"");
        }

        if (string.IsNullOrWhiteSpace(intent))
        {
            throw KosException.Input("A spec needs its intent: --intent \"what the user wants and why\"");
        }

        if (requirements.Count == 0 || requirements.Any(string.IsNullOrWhiteSpace))
        {
            throw KosException.Input("A spec needs at least one non-empty requirement: --req \"The checkout accepts cards\" (repeat --req for more)");
        }

        var id = Ids.New('S', 6);
        var text = SpecWriter.Render(id, title.Trim(), intent, requirements, evals, nonGoals);
        return WriteSpecFile(id, title, text);
    }

    /// <summary>Imports a spec written elsewhere; it gets an ID if its front matter has none.</summary>
    public (Spec Spec, LedgerEvent? Event) CreateFrom(string file)
    {
        if (!File.Exists(file))
        {
            throw KosException.Input($"No such file: {file}");
        }

        var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
        var (parsed, _) = SpecParser.Parse(text, file);
        var id = parsed?.Id ?? Ids.New('S', 6);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            var title = text.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? Path.GetFileNameWithoutExtension(file);
            text = $"---\nid: {id}\ntitle: {title}\nstatus: active\n---\n\n" + text;
        }

        var (spec, problems) = SpecParser.Parse(text, file);
        if (spec is null)
        {
            throw KosException.Input($"{file} is not a valid spec:\n" + string.Join('\n', problems.Select(p => "  " + p)));
        }

        return WriteSpecFile(spec.Id, spec.Title, text);
    }

    private (Spec, LedgerEvent?) WriteSpecFile(string id, string title, string text)
    {
        Directory.CreateDirectory(kernel.Project.SpecsDir);
        var path = Path.Combine(kernel.Project.SpecsDir, $"{id}-{Ids.Slug(title)}.md");
        if (new SpecCatalog(kernel.Project.SpecsDir).FindFile(id) is { } existing)
        {
            throw KosException.Input($"A spec with ID {id} already exists: {kernel.Project.Relative(existing)}.");
        }

        var (spec, problems) = SpecParser.Parse(text, path);
        if (spec is null)
        {
            throw KosException.Input("The spec would be invalid:\n" + string.Join('\n', problems.Select(p => "  " + p)));
        }

        // The file is the user's; write it whole or not at all.
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path);
        Scopes.OwnWrites.Record(kernel, path);
        var e = kernel.Store.Write(w => Record(w, spec));
        return (spec, e);
    }

    /// <summary>Records a spec version the ledger has not seen; returns null when it already has it.</summary>
    public LedgerEvent? Record(ILedgerWriter w, Spec spec)
    {
        if (w.GetRecord(SpecVersion.RecordKind, spec.Hash) is not null)
        {
            return null;
        }

        var version = SpecVersion.Of(spec, kernel.Project.Relative(spec.Path));
        var e = kernel.Append(w, EventCatalog.SpecRecorded, null, new SpecRecorded(spec.Id, spec.Title, spec.Hash, version.Path, spec.Status,
            version.Requirements.Select(r => new RequirementLine(r.Id, r.Text)).ToList()));
        w.PutRecord(SpecVersion.RecordKind, spec.Hash, null, JsonSerializer.Serialize(version, KernelJson.Default.SpecVersion));
        w.PutRecord("spec", spec.Id, null, spec.Hash);
        return e;
    }

    /// <summary>Reports drift; with <paramref name="accept"/>, rebinds the task to the spec as it is now.</summary>
    public AlignResult Align(string taskId, bool accept, IReadOnlyList<string>? rebind) => kernel.Store.Write(w =>
    {
        var task = kernel.Tasks.Resolve(w, taskId);
        if (task.SpecId is null)
        {
            throw KosException.Input($"{task.Id} is not bound to a spec; there is nothing to align.");
        }

        var drift = SpecAlignment.Compare(kernel.Project, w, task);
        if (!accept)
        {
            return new AlignResult(task, drift, null, []);
        }

        if (drift.Problem is not null)
        {
            return new AlignResult(task, drift, null, [drift.Problem + "; fix the spec file first"]);
        }

        var spec = new SpecCatalog(kernel.Project.SpecsDir).Load(task.SpecId, kernel.Project.Root);
        var requirements = rebind is { Count: > 0 } ? rebind.Select(r => r.ToUpperInvariant()).Distinct().ToList() : task.Requirements.ToList();
        var missing = requirements.Where(r => spec.Find(r) is null).ToList();
        if (missing.Count > 0)
        {
            var why = rebind is { Count: > 0 } ? "does not exist in" : "was removed from";
            return new AlignResult(task, drift, null,
                [$"{string.Join(", ", missing)} {why} spec {spec.Id}; re-scope the task with 'kos align-spec {task.Id} --accept --req {string.Join(",", spec.Requirements.Select(r => r.Id))}' (choose the ones it serves)"]);
        }

        Record(w, spec);
        var plan = task.Plan.Where(s => s.Requirements.All(r => requirements.Contains(r, StringComparer.OrdinalIgnoreCase))).ToList();
        var updated = task with { SpecHash = spec.Hash, Requirements = requirements, Plan = plan, UpdatedAt = kernel.Now() };
        var e = kernel.Append(w, EventCatalog.TaskAligned, task.Id, new TaskAligned(spec.Id, task.SpecHash, spec.Hash, requirements,
            drift.Added.Select(a => a.Id).ToList(), drift.Removed.Select(a => a.Id).ToList(), drift.Changed.Select(a => a.Id).ToList()));
        updated = updated with { UpdatedAt = e.Time, LastSeq = e.Seq };
        kernel.SaveTask(w, updated);
        return new AlignResult(updated, drift, new Checkpoint(task.Id, task.Phase, e), []);
    });
}
