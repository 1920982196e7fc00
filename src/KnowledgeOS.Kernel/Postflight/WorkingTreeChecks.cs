using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Postflight;

/// <summary>
/// Every working-tree change is covered: by an open task's scope, or by a done task whose
/// evidence ran on it (work not yet committed). New files in an abandoned task's scope, written
/// after it started, are stale leftovers; anything else is unattributed.
/// </summary>
internal static class WorkingTreeChecks
{
    public static void Run(PostflightContext c)
    {
        var open = c.Tasks.Where(t => t.Phase.IsActive() || t.Phase == Phase.Blocked || t.Phase == Phase.Intake)
            .Select(t => WriteScope.Compile(t.Scope)).ToList();
        var doneHere = c.Tasks
            .Where(t => t.Phase == Phase.Done && c.Evidence.TryGetValue(t.Id, out var r) && r.Head == c.GitHead)
            .Select(t => (Scope: WriteScope.Compile(t.Scope), Changed: c.ChangedSince(c.Evidence[t.Id].Tree) ?? []))
            .ToList();
        var abandoned = c.Tasks.Where(t => t.Phase == Phase.Abandoned)
            .Select(t => (Task: t, Scope: WriteScope.Compile(t.Scope), Since: DateTime.Parse(t.CreatedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal)))
            .ToList();
        var unattributed = new List<string>();
        var uncommittedDone = new List<string>();
        foreach (var (status, path) in c.Uncommitted)
        {
            if (open.Any(s => s.Matches(path)))
            {
                continue;
            }

            if (doneHere.Any(d => d.Scope.Matches(path) && !d.Changed.Contains(path, StringComparer.Ordinal)))
            {
                uncommittedDone.Add(path);
                continue;
            }

            var full = Path.Combine(c.Kernel.Project.Root, path);
            var leftBy = status == 'A' && File.Exists(full)
                ? abandoned.FirstOrDefault(a => a.Scope.Matches(path) && File.GetLastWriteTimeUtc(full) >= a.Since.AddSeconds(-1)).Task
                : null;
            if (leftBy is not null)
            {
                c.StaleFiles.Add(new StaleFile(path, leftBy.Id));
                c.Problem("stale-files", $"{path} was created while {leftBy.Id} (\"{leftBy.Title}\") was open, and that task was abandoned",
                    $"kos doctor --fix --yes {path}   (deletes it; or keep it under a new task: kos create-task \"…\" --quick --scope {path})", [path]);
                continue;
            }

            unattributed.Add(path);
        }

        if (unattributed.Count > 0)
        {
            c.Problem("unattributed", $"changes outside every open task's scope: {PostflightRunner.Names(unattributed)}",
                $"cover them with a task (kos create-task \"…\" --quick --scope {unattributed[0]}) or revert them (git checkout/git clean)", unattributed);
        }

        if (uncommittedDone.Count > 0)
        {
            c.Notes.Add($"work of done tasks not committed yet: {PostflightRunner.Names(uncommittedDone)}");
        }
    }
}
