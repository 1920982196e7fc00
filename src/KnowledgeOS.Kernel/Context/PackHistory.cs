using System.Text.Json.Nodes;
using KnowledgeOS.Events;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Context;

/// <summary>
/// A task's events told in words for the pack: its decisions, every refusal so far (gates, write checks, hook
/// denials, scope violations, refused commits and stops, denied requests; the same refusal once, with how often),
/// and its progress (lifecycle, claims, eval runs). Event types and hashes are left to <c>--hashes</c> and the trace.
/// </summary>
public static class PackHistory
{
    private static readonly HashSet<string> DenialTypes = new(StringComparer.Ordinal)
    {
        EventCatalog.GateRefused.Name, EventCatalog.WriteDenied.Name, EventCatalog.CapabilityDenied.Name, EventCatalog.ScopeViolation.Name,
        EventCatalog.CommitRefused.Name, EventCatalog.SessionStopBlocked.Name, EventCatalog.ApprovalDenied.Name,
    };

    public static bool IsDenial(string type) => DenialTypes.Contains(type);

    public static (List<PackEvent> Decisions, List<PackEvent> Denials, List<PackEvent> Progress) Read(IEnumerable<LedgerEvent> events)
    {
        var decisions = new List<PackEvent>();
        var denials = new List<PackEvent>();
        var progress = new List<PackEvent>();
        string? evalRun = null;
        int evalsPassed = 0, evalsRun = 0;
        var failed = new List<string>();
        var toolCalls = 0;
        LedgerEvent? lastTool = null;
        LedgerEvent? lastEval = null;

        void FlushEvals()
        {
            if (lastEval is null)
            {
                return;
            }

            var text = failed.Count == 0
                ? $"evals ran: all {evalsRun} passed"
                : $"evals ran: {evalsPassed} of {evalsRun} passed; failed: {string.Join(", ", failed.Select(c => "`" + c + "`"))}";
            progress.Add(At(lastEval, text));
            lastEval = null;
            evalRun = null;
            evalsPassed = evalsRun = 0;
            failed.Clear();
        }

        foreach (var e in events)
        {
            if (e.Type == EventCatalog.CapabilityUsed.Name || e.Type == EventCatalog.CapabilityUnknown.Name)
            {
                toolCalls++;
                lastTool = e;
                continue;
            }

            if (e.Type == EventCatalog.Decision.Name || e.Type == EventCatalog.TaskReviewRejected.Name)
            {
                decisions.Add(At(e, Describe(e, Payload(e))));
                continue;
            }

            if (DenialTypes.Contains(e.Type))
            {
                AddDenial(denials, At(e, Describe(e, Payload(e))));
                continue;
            }

            if (e.Type == EventCatalog.EvidenceRecorded.Name)
            {
                var p = Payload(e);
                var run = (string?)p?["run"];
                if (run != evalRun)
                {
                    FlushEvals();
                    evalRun = run;
                }

                evalsRun++;
                if ((bool?)p?["passed"] == true)
                {
                    evalsPassed++;
                }
                else
                {
                    failed.Add((string?)p?["command"] ?? "?");
                }

                lastEval = e;
                continue;
            }

            if (Progress(e) is { } line)
            {
                FlushEvals();
                if (progress.Count > 0 && progress[^1].Text == line)
                {
                    progress[^1] = At(e, line) with { Times = progress[^1].Times + 1 };
                }
                else
                {
                    progress.Add(At(e, line));
                }
            }
        }

        FlushEvals();
        if (lastTool is not null)
        {
            progress.Add(At(lastTool, $"{toolCalls} tool call{(toolCalls == 1 ? "" : "s")} by agents recorded so far (the time is the latest)"));
        }

        return (decisions, denials, progress);
    }

    /// <summary>The same refusal again is counted on its first entry, which moves to the time of the latest.</summary>
    private static void AddDenial(List<PackEvent> denials, PackEvent d)
    {
        var i = denials.FindIndex(x => x.Text == d.Text);
        if (i < 0)
        {
            denials.Add(d);
            return;
        }

        var times = denials[i].Times + 1;
        denials.RemoveAt(i);
        denials.Add(d with { Times = times });
    }

    private static PackEvent At(LedgerEvent e, string text) => new(e.Seq, e.Time, e.Type, text, e.Hash);

    private static JsonObject? Payload(LedgerEvent e) => JsonNode.Parse(e.Payload) as JsonObject;

    private static string? S(JsonObject? p, string field) => p?[field] is JsonValue v ? v.ToString() : null;

    private static string List(JsonObject? p, string field, string sep = "; ") =>
        p?[field] is JsonArray a ? string.Join(sep, a.Select(x => x is JsonValue ? x.ToString() : x?.ToJsonString())) : "";

    private static string Session(string? s) => s is null ? "" : $"session {s}";

    /// <summary>A decision or a refusal, in words.</summary>
    private static string Describe(LedgerEvent e, JsonObject? p)
    {
        var t = e.Type;
        if (t == EventCatalog.Decision.Name)
        {
            return S(p, "text") ?? "";
        }

        if (t == EventCatalog.TaskReviewRejected.Name)
        {
            return $"plan rejected by {S(p, "reviewer")}{(S(p, "note") is { Length: > 0 } n ? ": " + n : "")}";
        }

        if (t == EventCatalog.GateRefused.Name)
        {
            return $"moving to {S(p, "phase")} was refused: {List(p, "refusals")}";
        }

        if (t == EventCatalog.CapabilityDenied.Name)
        {
            return S(p, "reason") is { } reason ? reason : $"{S(p, "tool") ?? S(p, "capability")} was refused";
        }

        if (t == EventCatalog.WriteDenied.Name && p?["paths"] is JsonArray paths)
        {
            return "write refused: " + string.Join("; ", paths.Select(x => $"{x?["path"] ?? x?["input"]} ({x?["reason"]})"));
        }

        if (t == EventCatalog.ScopeViolation.Name)
        {
            return $"changed outside the scope ({S(p, "cause")}): {List(p, "paths", ", ")} — {List(p, "reasons")}";
        }

        if (t == EventCatalog.CommitRefused.Name)
        {
            return "commit refused: " + List(p, "problems");
        }

        if (t == EventCatalog.SessionStopBlocked.Name)
        {
            return "stopping was refused: " + List(p, "problems");
        }

        if (t == EventCatalog.ApprovalDenied.Name)
        {
            return $"a person denied request {S(p, "id")}{(p?["command"] is JsonArray ? $" ('kos {List(p, "command", " ")}')" : "")}{(S(p, "note") is { Length: > 0 } note ? ": " + note : "")}";
        }

        return t;
    }

    /// <summary>A lifecycle or claim change in words; null for what progress leaves out (lease renewals, packs, sessions).</summary>
    private static string? Progress(LedgerEvent e)
    {
        var t = e.Type;
        if (!t.StartsWith("task.", StringComparison.Ordinal) && !t.StartsWith("claim.", StringComparison.Ordinal) && t != EventCatalog.SessionBound.Name)
        {
            return null;
        }

        var p = Payload(e);
        if (t == EventCatalog.TaskCreated.Name)
        {
            return $"created by {e.Actor}{((bool?)p?["quick"] == true ? " as a quick task" : "")}";
        }

        if (t == EventCatalog.TaskRouted.Name)
        {
            return $"routed: may write {List(p, "scope", ", ")}{(S(p, "agent") is { } a ? ", agent " + a : "")}";
        }

        if (t == EventCatalog.TaskPlanned.Name)
        {
            var steps = p?["steps"] is JsonArray s ? s.Count : 0;
            var uncovered = List(p, "uncovered", ", ");
            return $"planned in {steps} step{(steps == 1 ? "" : "s")}{(uncovered.Length > 0 ? "; no step covers " + uncovered : "")}";
        }

        if (t == EventCatalog.TaskReviewed.Name)
        {
            return $"plan approved by {S(p, "reviewer") ?? e.Actor}";
        }

        if (t == EventCatalog.TaskDispatched.Name)
        {
            return $"dispatched to {Session(S(p, "session"))}".TrimEnd();
        }

        if (t == EventCatalog.TaskExecuting.Name)
        {
            return "execution started";
        }

        if (t == EventCatalog.TaskReported.Name)
        {
            return "reported done; waiting for the completion gates";
        }

        if (t == EventCatalog.TaskCompleted.Name)
        {
            return "completed: every completion gate passed";
        }

        if (t == EventCatalog.TaskBlocked.Name || t == EventCatalog.TaskAbandoned.Name)
        {
            return $"{(t == EventCatalog.TaskBlocked.Name ? "blocked" : "abandoned")} by {e.Actor}{(S(p, "reason") is { } r ? ": " + r : "")}";
        }

        if (t == EventCatalog.TaskReopened.Name)
        {
            return $"reopened into {S(p, "phase")}";
        }

        if (t == EventCatalog.TaskAligned.Name)
        {
            return $"re-bound to the current version of spec {S(p, "spec")}";
        }

        if (t == EventCatalog.TaskEvalAdded.Name)
        {
            return $"eval added: `{S(p, "command")}`";
        }

        if (t == EventCatalog.ClaimHandedOver.Name)
        {
            return $"the claim passed from {Session(S(p, "previousSession"))} to {Session(S(p, "session"))}";
        }

        if (t == EventCatalog.ClaimTakenOver.Name)
        {
            return $"the claim was taken over by {Session(S(p, "session"))}{(S(p, "previousSession") is { } prev ? " from " + Session(prev) : "")}";
        }

        if (t == EventCatalog.ClaimReleased.Name)
        {
            return $"the claim of {Session(S(p, "session"))} was released{(S(p, "reason") is { } r ? ": " + r : "")}";
        }

        if (t == EventCatalog.SessionBound.Name)
        {
            return $"{S(p, "agent")} {Session(e.Session)} started working on it";
        }

        return null; // lease renewals and anything new: the trace has them
    }
}
