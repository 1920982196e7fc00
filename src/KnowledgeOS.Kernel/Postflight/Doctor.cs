using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Evidence;

namespace KnowledgeOS.Postflight;

/// <summary>
/// The safe fixes for what postflight finds: re-render task records, drop stale pointers in
/// kos's own state. A user's file is deleted only when named with --yes and postflight found it stale.
/// </summary>
public static class Doctor
{
    public static IReadOnlyList<string> Fix(Kernel k, PostflightReport report, IReadOnlyList<string> yes)
    {
        var stale = report.StaleFiles.ToDictionary(s => s.Path, StringComparer.Ordinal);
        var unknown = yes.Select(k.Project.Relative).Where(p => !stale.ContainsKey(p)).ToList();
        if (unknown.Count > 0)
        {
            throw KosException.Input(
                $"--yes names {string.Join(", ", unknown)}, which postflight did not find stale; kos deletes only stale files from abandoned tasks" +
                (stale.Count > 0 ? $" ({string.Join(", ", stale.Keys)})." : " (there are none)."));
        }

        var actions = new List<string>();
        foreach (var id in report.RecordsToRender.Distinct(StringComparer.Ordinal))
        {
            var path = TaskRecord.Write(k, k.FindTask(k.Store, id)!);
            actions.Add($"re-rendered {k.Project.Relative(path)}");
        }

        actions.AddRange(RemoveStalePointers(k));
        foreach (var path in yes.Select(k.Project.Relative))
        {
            File.Delete(Path.Combine(k.Project.Root, path));
            actions.Add($"deleted {path} (left by abandoned {stale[path].Task})");
        }

        if (actions.Count > 0)
        {
            k.Store.Write(w => k.Append(w, EventCatalog.DoctorFixed, null, new DoctorFixed(actions)));
        }

        return actions;
    }

    /// <summary>Digest index copies a crashed run left behind, and evidence output of tasks the ledger does not know.</summary>
    private static IEnumerable<string> RemoveStalePointers(Kernel k)
    {
        var digest = Path.Combine(k.Project.StateDir, "digest");
        if (Directory.Exists(digest))
        {
            foreach (var f in Directory.EnumerateFiles(digest, "*.*.*.index"))
            {
                if (File.GetLastWriteTimeUtc(f) < DateTime.UtcNow.AddMinutes(-10))
                {
                    File.Delete(f);
                    yield return $"removed the abandoned digest index {k.Project.Relative(f)}";
                }
            }
        }

        var evidence = Path.Combine(k.Project.StateDir, "evidence");
        if (Directory.Exists(evidence))
        {
            foreach (var dir in Directory.EnumerateDirectories(evidence))
            {
                if (k.Store.GetTaskJson(Path.GetFileName(dir)) is null)
                {
                    Directory.Delete(dir, recursive: true);
                    yield return $"removed evidence output of unknown task {k.Project.Relative(dir)}";
                }
            }
        }
    }
}
