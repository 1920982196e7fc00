using System.Text.Json;
using KnowledgeOS.Evidence;
using KnowledgeOS.Json;
using KnowledgeOS.Ledger;
using KnowledgeOS.Scopes;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Projections;

/// <summary>A projection record that is not what the events say: its kind (<c>task</c>, <c>scope</c>, …), key and what differs.</summary>
public sealed record ProjectionDrift(string Kind, string Key, string Problem)
{
    public override string ToString() => $"{Kind} {Key}: {Problem}";
}

/// <summary>What a replay compared: the tasks rebuilt from their events, those left out (created in an archive), and every drift.</summary>
public sealed record ProjectionReport(int Tasks, int Archived, IReadOnlyList<ProjectionDrift> Drifts)
{
    /// <summary>
    /// How to recover: the events are the record; a projection that disagrees was written outside kos, so the
    /// ledger file (or the team store's rows) is restored rather than the projection trusted.
    /// </summary>
    public const string Fix =
        "the events are the record and these rows were edited outside kos: keep the ledger as evidence, restore it from a backup, " +
        "and see what the events say with 'kos trace TASK'";

    public bool Ok => Drifts.Count == 0;
}

/// <summary>
/// Rebuilds the task projections from the events (<see cref="TaskReplay"/>) and compares them with the stored ones:
/// the task rows (their JSON and the phase/session columns hooks look up), the scope index (records <c>scope</c>
/// and the prefix tree's rows) and the evidence records. A row that differs, is missing or has no events is a drift.
/// </summary>
public static class ProjectionCheck
{
    /// <summary>Every task (<c>kos trace verify</c>, <c>kos postflight</c>).</summary>
    public static ProjectionReport All(ILedgerReader r) => Against(r, TaskReplay.Fold(r.EventsOfTypes(TaskReplay.Types)));

    /// <summary>Every task, against a fold of all their events the caller made (postflight's, from its checkpoint on).</summary>
    public static ProjectionReport Against(ILedgerReader r, IReadOnlyDictionary<string, ReplayedTask> replayed)
    {
        var archived = r.Archives().Count > 0;
        var drifts = new List<ProjectionDrift>();
        var skipped = 0;
        var stored = r.ListTasks();
        var tree = new TreeRows(r);
        foreach (var row in stored)
        {
            if (replayed.TryGetValue(row.Id, out var t))
            {
                Compare(r, row, t, tree, drifts);
            }
            else if (archived)
            {
                skipped++;
            }
            else
            {
                drifts.Add(new("task", row.Id, "the tasks table has this task but no event created it"));
            }
        }

        var known = stored.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var t in replayed.Values.Where(t => !known.Contains(t.Id)))
        {
            drifts.Add(new("task", t.Id, $"its events (task.created at event {t.CreatedSeq}) say it exists, but the tasks table has no row for it"));
        }

        foreach (var kind in archived ? [] : new[] { ScopeIndex.RecordKind, EvidenceRun.RecordKind })
        {
            foreach (var (key, _) in r.ListRecords(kind).Where(x => !replayed.ContainsKey(x.Key)))
            {
                drifts.Add(new(kind, key, "a record for a task no event created"));
            }
        }

        return new ProjectionReport(replayed.Count, skipped, drifts);
    }

    /// <summary>One task (completion): its own events, read through the task index.</summary>
    public static ProjectionReport Task(ILedgerReader r, string taskId)
    {
        var types = TaskReplay.Types.ToHashSet(StringComparer.Ordinal);
        var replayed = TaskReplay.Fold(r.Events(taskId).Where(e => types.Contains(e.Type)));
        var drifts = new List<ProjectionDrift>();
        var row = r.ListTasks().FirstOrDefault(x => x.Id == taskId);
        if (!replayed.TryGetValue(taskId, out var t))
        {
            if (r.Archives().Count > 0)
            {
                return new ProjectionReport(0, 1, []);
            }

            drifts.Add(new("task", taskId, "the tasks table has this task but no event created it"));
        }
        else if (row is null)
        {
            drifts.Add(new("task", taskId, $"its events (task.created at event {t.CreatedSeq}) say it exists, but the tasks table has no row for it"));
        }
        else
        {
            Compare(r, row, t, new TreeRows(r), drifts);
        }

        return new ProjectionReport(replayed.Count, 0, drifts);
    }

    private static void Compare(ILedgerReader r, TaskRow row, ReplayedTask t, TreeRows tree, List<ProjectionDrift> drifts)
    {
        void Differs(string kind, string what, string? stored, string? events) =>
            drifts.Add(new(kind, t.Id, $"{what} is {Show(stored)} in the projection but {Show(events)} in its events (last event {t.LastSeq})"));

        var phase = t.Phase.Name();
        if (row.Phase != phase)
        {
            Differs("task", "the phase column", row.Phase, phase);
        }

        if (row.Session != t.Session)
        {
            Differs("task", "the session column (the claim hooks look up)", row.Session, t.Session);
        }

        TaskState? s;
        try
        {
            s = r.GetTaskJson(t.Id) is { } json ? JsonSerializer.Deserialize(json, KernelJson.Default.TaskState) : null;
        }
        catch (JsonException ex)
        {
            drifts.Add(new("task", t.Id, $"its stored state is not valid JSON ({ex.Message})"));
            s = null;
        }

        if (s is not null)
        {
            Check("task", "the phase", s.Phase.Name(), phase);
            Check("task", "the scope", Join(s.Scope), Join(t.Scope));
            Check("task", "the claim's session", s.Claim?.Session, t.Session);
            Check("task", "the claim's lease", s.Claim?.LeaseUntil, t.LeaseUntil);
            Check("task", "the evals", Join(s.Evals), Join(t.Evals));
            Check("task", "the spec", s.SpecId, t.SpecId);
            Check("task", "the spec version", s.SpecHash, t.SpecHash);
            Check("task", "the requirements", Join(s.Requirements), Join(t.Requirements));
            Check("task", "quick", s.Quick ? "true" : "false", t.Quick ? "true" : "false");
            Check("task", "the last event", s.LastSeq.ToString(System.Globalization.CultureInfo.InvariantCulture), t.LastSeq.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (s.Id != t.Id)
            {
                drifts.Add(new("task", t.Id, $"its stored state names another task ({s.Id})"));
            }
        }

        var expected = new ScopeEntry(t.Id, t.Phase, t.Scope, t.Session, t.LeaseUntil);
        if (r.GetRecord(ScopeIndex.RecordKind, t.Id) is not { } scopeJson)
        {
            drifts.Add(new("scope", t.Id, "the scope index has no entry for this task (hooks would not see its scope)"));
        }
        else if (ParseScope(scopeJson) is not { } entry)
        {
            drifts.Add(new("scope", t.Id, "its scope index entry is not valid JSON"));
        }
        else
        {
            Check("scope", "the phase", entry.Phase.Name(), phase);
            Check("scope", "the scope", Join(entry.Scope), Join(t.Scope));
            Check("scope", "the session", entry.Session, t.Session);
            Check("scope", "the lease", entry.LeaseUntil, t.LeaseUntil);
            if (entry.Task != t.Id)
            {
                drifts.Add(new("scope", t.Id, $"its scope index entry names another task ({entry.Task})"));
            }
        }

        foreach (var kind in tree.Missing(expected))
        {
            drifts.Add(new(kind, t.Id, "the scope index's prefix tree lacks this active task's row (overlap and owner checks would miss it)"));
        }

        CompareEvidence(r, t, drifts);
        return;

        void Check(string kind, string what, string? stored, string? events)
        {
            if (!string.Equals(stored, events, StringComparison.Ordinal))
            {
                Differs(kind, what, stored, events);
            }
        }
    }

    private static void CompareEvidence(ILedgerReader r, ReplayedTask t, List<ProjectionDrift> drifts)
    {
        if (r.GetRecord(EvidenceRun.RecordKind, t.Id) is not { } json)
        {
            if (t.EvidenceRun is not null)
            {
                drifts.Add(new(EvidenceRun.RecordKind, t.Id, $"run {t.EvidenceRun} is in the events (event {t.Evidence[^1].Seq}) but there is no evidence record"));
            }

            return;
        }

        EvidenceRun? run;
        try
        {
            run = JsonSerializer.Deserialize(json, EvidenceJson.Default.EvidenceRun);
        }
        catch (JsonException)
        {
            run = null;
        }

        if (run is null)
        {
            drifts.Add(new(EvidenceRun.RecordKind, t.Id, "the evidence record is not valid JSON"));
            return;
        }

        if (t.EvidenceRun is null)
        {
            drifts.Add(new(EvidenceRun.RecordKind, t.Id, $"an evidence record (run {run.RunId}) but no evidence.recorded event for this task"));
            return;
        }

        if (run.RunId != t.EvidenceRun)
        {
            drifts.Add(new(EvidenceRun.RecordKind, t.Id, $"the record holds run {run.RunId}, the events' latest run is {t.EvidenceRun}"));
            return;
        }

        if (run.Results.Count != t.Evidence.Count)
        {
            drifts.Add(new(EvidenceRun.RecordKind, t.Id, $"run {run.RunId} has {run.Results.Count} result(s) in the record, {t.Evidence.Count} in the events"));
        }

        foreach (var (result, e) in run.Results.Zip(t.Evidence))
        {
            if (result.Seq != e.Seq || result.EventHash != e.Hash || result.ExitCode != e.ExitCode || result.Passed != e.Passed || result.StdoutSha256 != e.StdoutSha256)
            {
                drifts.Add(new(EvidenceRun.RecordKind, t.Id,
                    $"the result for '{result.Command}' (exit {Show(result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture))}, passed {result.Passed}) " +
                    $"is not event {e.Seq} (exit {Show(e.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture))}, passed {e.Passed})"));
            }
        }
    }

    private static ScopeEntry? ParseScope(string json)
    {
        try
        {
            return ScopeIndex.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Join(IReadOnlyList<string> items) => "[" + string.Join(", ", items) + "]";

    private static string Show(string? value) => value is null ? "none" : $"'{value}'";

    /// <summary>The prefix tree's rows, read once per kind.</summary>
    private sealed class TreeRows(ILedgerReader r)
    {
        private readonly bool _built = ScopePrefixTree.IsBuilt(r);
        private readonly Dictionary<string, HashSet<string>> _rows = new(StringComparer.Ordinal);

        public IEnumerable<string> Missing(ScopeEntry e)
        {
            if (!_built)
            {
                yield break;
            }

            foreach (var kind in ScopePrefixTree.Kinds(e).Order(StringComparer.Ordinal))
            {
                if (!_rows.TryGetValue(kind, out var keys))
                {
                    keys = r.ListRecords(kind).Select(x => x.Key).ToHashSet(StringComparer.Ordinal);
                    _rows[kind] = keys;
                }

                if (!keys.Contains(e.Task))
                {
                    yield return kind;
                }
            }
        }
    }
}
