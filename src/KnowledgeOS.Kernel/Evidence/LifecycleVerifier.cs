using System.Text.Json;
using KnowledgeOS.Ledger;
using KnowledgeOS.Project;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Evidence;

/// <summary>What verify-lifecycle found about one task's walk through its phases.</summary>
public sealed record LifecycleReport(string Task, int Events, IReadOnlyList<string> Walk, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Replays a task's phase events: created first, each move legal and starting where the last one
/// ended, the phases that must precede report all entered since the last reopen, the projection
/// agreeing with the events, and the ledger chain intact.
/// </summary>
public static class LifecycleVerifier
{
    public static LifecycleReport Verify(ILedgerReader ledger, string taskId, Strictness strictness)
    {
        var problems = new List<string>();
        var warnings = new List<string>();
        var walk = new List<string>();
        var entered = new HashSet<Phase>();
        Phase? current = null;
        var count = 0;
        foreach (var e in ledger.Events(taskId))
        {
            count++;
            if (!e.Type.StartsWith("task.", StringComparison.Ordinal) || Markers.PayloadString(e, "phase") is not { } name)
            {
                continue;
            }

            if (!PhaseNames.TryParse(name, out var phase))
            {
                problems.Add($"event {e.Seq} ({e.Type}) names an unknown phase '{name}'");
                continue;
            }

            walk.Add(name);
            if (current is null)
            {
                if (e.Type != Events.EventCatalog.TaskCreated.Name || phase != Phase.Intake)
                {
                    problems.Add($"the first phase event is {e.Type} entering {name}, not task.created entering intake (event {e.Seq})");
                }
            }
            else
            {
                var from = Markers.PayloadString(e, "from");
                if (!string.Equals(from, current.Value.Name(), StringComparison.Ordinal))
                {
                    problems.Add($"event {e.Seq} ({e.Type}) moves from '{from}' but the task was in {current.Value.Name()}");
                }

                if (!Lifecycle.IsLegal(current.Value, phase))
                {
                    problems.Add($"event {e.Seq} moves {current.Value.Name()} → {name}, which the lifecycle does not allow");
                }
            }

            if (e.Type == Events.EventCatalog.TaskReopened.Name && phase == Phase.Plan)
            {
                // A reopened task walks dispatch → execute → report again before it can be done again.
                entered.RemoveWhere(p => p is Phase.Review or Phase.Dispatch or Phase.Execute or Phase.Report);
            }

            entered.Add(phase);
            current = phase;
            foreach (var w in Warnings(e))
            {
                warnings.Add($"{name} (event {e.Seq}) passed under advisory with a warning: {w}");
            }
        }

        if (current is null)
        {
            problems.Add($"the ledger has no events for {taskId}");
        }
        else
        {
            if (current is Phase.Report or Phase.Done)
            {
                var needed = new List<Phase> { Phase.Route, Phase.Plan, Phase.Dispatch, Phase.Execute, Phase.Report };
                if (strictness == Strictness.Strict)
                {
                    needed.Insert(2, Phase.Review);
                }

                var missing = needed.Where(p => !entered.Contains(p)).ToList();
                if (missing.Count > 0)
                {
                    problems.Add($"phase{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(p => p.Name()))} never entered before report");
                }
            }

            if (ledger.GetTaskJson(taskId) is { } json && ProjectedPhase(json) is { } projected && projected != current.Value.Name())
            {
                problems.Add($"the task projection says phase {projected} but its last phase event says {current.Value.Name()}");
            }
        }

        var chain = ledger.Verify();
        if (!chain.Ok)
        {
            problems.Add($"the ledger chain is broken at seq {chain.FirstBadSeq}: {chain.Problem}");
        }

        return new LifecycleReport(taskId, count, walk, problems, warnings);
    }

    private static IEnumerable<string> Warnings(LedgerEvent e)
    {
        using var doc = JsonDocument.Parse(e.Payload);
        if (doc.RootElement.TryGetProperty("warnings", out var w) && w.ValueKind == JsonValueKind.Array)
        {
            return w.EnumerateArray().Select(x => x.GetString() ?? "").ToList();
        }

        return [];
    }

    private static string? ProjectedPhase(string taskJson)
    {
        using var doc = JsonDocument.Parse(taskJson);
        return doc.RootElement.TryGetProperty("phase", out var p) ? p.GetString() : null;
    }
}
