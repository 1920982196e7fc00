using System.Text.RegularExpressions;

namespace KnowledgeOS.Tasks;

/// <summary>Plan steps cite requirement IDs: <c>"R1: add the card form"</c> or <c>"R1,R3: …"</c>.</summary>
public static partial class PlanCoverage
{
    [GeneratedRegex(@"^\s*(?<ids>[Rr]\d+(?:\s*[,+&/]\s*[Rr]\d+)*)\s*[:\-–]\s*(?<text>.+)$")]
    private static partial Regex StepPattern();

    /// <summary>Parses a step; a step without a citation has no requirements.</summary>
    public static PlanStep ParseStep(string step)
    {
        var m = StepPattern().Match(step);
        if (!m.Success)
        {
            return new PlanStep([], step.Trim());
        }

        var ids = Regex.Split(m.Groups["ids"].Value, @"\s*[,+&/]\s*").Select(i => i.Trim().ToUpperInvariant()).Distinct().ToList();
        return new PlanStep(ids, m.Groups["text"].Value.Trim());
    }

    public static IReadOnlyList<string> Uncovered(TaskState task) =>
        task.Requirements.Where(r => !task.Plan.Any(s => s.Requirements.Contains(r, StringComparer.OrdinalIgnoreCase))).ToList();
}
