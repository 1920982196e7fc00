using KnowledgeOS.Specs;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Postflight;

/// <summary>Every spec file parses, and every open task still matches the spec version it was bound to.</summary>
internal static class SpecChecks
{
    public static void Run(PostflightContext c)
    {
        var k = c.Kernel;
        foreach (var file in new SpecCatalog(k.Project.SpecsDir).Files())
        {
            var (spec, problems) = SpecCatalog.TryLoad(file);
            if (spec is null)
            {
                var rel = k.Project.Relative(file);
                c.Problem("specs", $"{rel} does not parse: {string.Join("; ", problems.Select(p => $"line {p.Line}: {p.Message}"))}",
                    $"edit {rel} (the format is what 'kos create-spec' writes)", [rel]);
            }
        }

        foreach (var task in c.Tasks.Where(t => t.SpecId is not null && !t.Phase.IsClosed()))
        {
            var drift = SpecAlignment.Compare(k.Project, c.Ledger, task);
            if (!drift.Aligned)
            {
                c.Problem("specs", $"{task.Id} is bound to an older version of {task.SpecId} ({drift.Summary})",
                    $"kos align-spec {task.Id}   (then 'kos align-spec {task.Id} --accept')");
            }
        }
    }
}
