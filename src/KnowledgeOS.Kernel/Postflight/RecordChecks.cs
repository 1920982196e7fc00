using KnowledgeOS.Evidence;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Postflight;

/// <summary>Task records in .agent-os/tasks/ agree with the ledger: same phase, anchored on the event that entered it.</summary>
internal static class RecordChecks
{
    public static void Run(PostflightContext c)
    {
        var k = c.Kernel;
        var byId = c.Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(k.Project.TasksDir))
        {
            foreach (var file in Directory.EnumerateFiles(k.Project.TasksDir, "T-*.md").Order(StringComparer.Ordinal))
            {
                var rel = k.Project.Relative(file);
                var header = TaskRecord.ReadHeader(file);
                if (header is null)
                {
                    c.Notes.Add($"{rel} has no task-record front matter kos rendered; left alone");
                    continue;
                }

                if (!byId.TryGetValue(header.Id, out var task))
                {
                    // Task records are committed and the ledger is not: a fresh clone knows none of them.
                    c.Notes.Add($"{rel} records {header.Id}, which this ledger does not know (made in another clone?)");
                    continue;
                }

                seen.Add(task.Id);
                var anchor = TaskRecord.Anchor(c.Ledger, task);
                if (header.Phase != task.Phase.Name() || anchor is null || !string.Equals(anchor.Hash, header.Anchor, StringComparison.Ordinal))
                {
                    c.Problem("task-records",
                        $"{rel} says {header.Id} is {header.Phase} (anchor {Short(header.Anchor)}) but the ledger has it {task.Phase.Name()} (anchor {Short(anchor?.Hash)})",
                        "kos doctor --fix", [rel]);
                    c.RecordsToRender.Add(task.Id);
                }
            }
        }

        foreach (var task in c.Tasks.Where(t => t.Phase == Phase.Done && !seen.Contains(t.Id)))
        {
            c.Problem("task-records", $"{task.Id} is done but has no record in .agent-os/tasks/", "kos doctor --fix", [$".agent-os/tasks/{task.Id}.md"]);
            c.RecordsToRender.Add(task.Id);
        }
    }

    private static string Short(string? h) => h is null ? "none" : h[..Math.Min(12, h.Length)];
}
