using System.Text.Json.Nodes;
using KnowledgeOS.Json;

namespace KnowledgeOS.Context;

public enum PackFormat
{
    Markdown,
    Json,
}

/// <summary>
/// What a pack was built from. Two packs with equal bases tell an agent the same things about
/// intent, plan, scope, decisions and evidence; <c>verify-context</c> compares bases, not bytes
/// (file sizes change all the time while a task executes, and that does not make a pack stale).
/// </summary>
public sealed record PackBasis(string? SpecId, string? SpecHash, string PlanHash, IReadOnlyList<string> Scope, string Phase, long LastDecisionSeq, string? EvidenceKey, int EvidenceCount)
{
    public JsonObject ToJson() => new()
    {
        ["spec"] = SpecId,
        ["specHash"] = SpecHash,
        ["planHash"] = PlanHash,
        ["scope"] = JsonArrays.Of(Scope),
        ["phase"] = Phase,
        ["lastDecisionSeq"] = LastDecisionSeq,
        ["evidenceKey"] = EvidenceKey,
        ["evidenceCount"] = EvidenceCount,
    };

    public static PackBasis FromJson(JsonObject o) => new(
        (string?)o["spec"], (string?)o["specHash"], (string?)o["planHash"] ?? "",
        o["scope"]?.AsArray().Select(n => (string)n!).ToList() ?? [], (string?)o["phase"] ?? "",
        (long?)o["lastDecisionSeq"] ?? 0, (string?)o["evidenceKey"], (int?)o["evidenceCount"] ?? 0);
}

/// <summary>A built pack: the text handed to the agent, its SHA-256, and how it was fitted to the budget.</summary>
public sealed record ContextPack(
    string Task,
    string Text,
    string Hash,
    PackFormat Format,
    int Budget,
    int Tokens,
    IReadOnlyList<string> Dropped,
    bool OverBudget,
    PackBasis Basis,
    long? RecordedSeq)
{
    /// <summary>The token estimate used everywhere: characters / 4, rounded up.</summary>
    public static int Estimate(string text) => (text.Length + 3) / 4;
}

/// <summary>Whether a pack still matches the task, and what changed since it was made.</summary>
public sealed record ContextVerdict(string Task, string? PackHash, long? PackSeq, bool Current, IReadOnlyList<string> Changes);
