using System.Text.Json.Nodes;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Serve.Views;

/// <summary>An event told as a sentence a person reads: who did what, with the payload's telling details.</summary>
internal static class Sentences
{
    public static string Of(LedgerEvent e)
    {
        var p = Parse(e.Payload);
        var phase = S(p, "phase");
        return e.Type switch
        {
            "task.created" => $"created the task in {phase ?? "intake"}",
            "task.routed" => $"routed it to scope {List(p, "scope")}{Maybe(" for ", S(p, "agent"))}",
            "task.planned" => Count(p, "steps") == 1 ? "planned it in 1 step" : $"planned it in {Count(p, "steps")} steps",
            "task.reviewed" => $"approved the plan{Maybe(": ", S(p, "note"))}",
            "task.review-rejected" => $"rejected the plan{Maybe(": ", S(p, "reason") ?? S(p, "note"))}",
            "task.dispatched" => $"dispatched it{Maybe(" to session ", e.Session ?? S(p, "session"))}",
            "task.executing" => "started executing",
            "task.reported" => "reported the work",
            "task.completed" => "completed the task",
            "task.blocked" => $"blocked it{Maybe(": ", S(p, "reason"))}",
            "task.reopened" => $"reopened it{Maybe(" into ", phase)}{Maybe(": ", S(p, "reason"))}",
            "task.abandoned" => $"abandoned it{Maybe(": ", S(p, "reason"))}",
            "task.aligned" => "accepted the spec's new version",
            "gate.refused" => $"was refused moving to {phase}: {List(p, "refusals")}",
            "claim.renewed" => "renewed the claim",
            "claim.released" => "released the claim",
            "claim.taken-over" => $"took the claim over{Maybe(" from ", S(p, "previous") ?? S(p, "holder"))}",
            "write.denied" => $"was denied a write: {Paths(p)}",
            "write.warned" => $"wrote with a warning: {Paths(p)}",
            "scope.violation" => $"changed files outside the scope: {List(p, "paths")}",
            "evidence.recorded" => Evidence(p),
            "capability.used" => $"used {S(p, "capability")}",
            "capability.denied" => $"was denied {S(p, "capability")}{Maybe(": ", S(p, "reason"))}",
            "capability.unknown" => $"used {S(p, "capability")}, which the registry does not know",
            "context.packed" => $"packed the context ({S(p, "tokens")} tokens)",
            "decision" => $"decided: {S(p, "text")}",
            "note" => $"noted: {S(p, "text")}",
            _ => Generic(e.Type, p),
        };
    }

    private static string Evidence(JsonObject? p)
    {
        var passed = p?["passed"]?.GetValue<bool>() ?? false;
        var exit = S(p, "exitCode");
        return $"ran `{S(p, "command")}`: {(passed ? "passed" : "FAILED")}{Maybe(" (exit ", exit)}{(exit is null ? "" : ")")}";
    }

    private static string Paths(JsonObject? p) =>
        p?["paths"] is JsonArray a
            ? string.Join("; ", a.Select(x => $"{S(x as JsonObject, "path") ?? S(x as JsonObject, "input")} ({S(x as JsonObject, "reason")})"))
            : "";

    private static string Generic(string type, JsonObject? p)
    {
        var parts = new List<string>();
        foreach (var key in new[] { "text", "reason", "capability", "command", "path", "key", "policy" })
        {
            if (S(p, key) is { } v)
            {
                parts.Add($"{key} {v}");
            }
        }

        return parts.Count == 0 ? type : $"{type}: {string.Join(", ", parts)}";
    }

    private static JsonObject? Parse(string payload)
    {
        try
        {
            return JsonNode.Parse(payload) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? S(JsonObject? p, string key) => p?[key] switch
    {
        null => null,
        JsonValue v => v.ToString(),
        var other => other.ToJsonString(),
    };

    private static string List(JsonObject? p, string key) =>
        p?[key] is JsonArray a ? string.Join(", ", a.Select(x => x?.ToString() ?? "")) : S(p, key) ?? "";

    private static int Count(JsonObject? p, string key) => p?[key] is JsonArray a ? a.Count : 0;

    private static string Maybe(string prefix, string? value) => string.IsNullOrEmpty(value) ? "" : prefix + value;
}
