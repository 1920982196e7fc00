using System.Text.RegularExpressions;
using KnowledgeOS.Ledger;

namespace KnowledgeOS.Cli.Adapters;

/// <summary>
/// The adapters' one call site for verify-claim on an agent's final message: every kos marker it
/// quotes must verify against the ledger, and a completion claim ("all tests pass", "done") needs
/// fresh evidence. (The evidence module's verify-claim replaces the body when merged.)
/// </summary>
internal static partial class ClaimCheck
{
    [GeneratedRegex(@"(?i)\b(all (?:the )?tests (?:now )?pass(?:ed|ing)?|tests? (?:are |is )?(?:all )?(?:passing|green)|(?:task|work|implementation|feature) (?:is )?(?:done|complete[d]?|finished)|(?:i(?:'ve| have)|it(?:'s| is)) (?:fully )?(?:implemented|completed|finished|done)|everything (?:works|is working))\b")]
    private static partial Regex CompletionClaim();

    public static IReadOnlyList<string> Unbacked(ILedgerReader r, string? message, IReadOnlyList<string> evidenceProblems)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(message))
        {
            return problems;
        }

        foreach (var line in Markers.Find(message))
        {
            var check = Markers.Verify(r, line);
            if (check.Status == MarkerStatus.Forged)
            {
                problems.Add($"the marker '{line}' does not verify: {check.Explanation}");
            }
        }

        if (CompletionClaim().Match(message) is { Success: true } m && evidenceProblems.Count > 0)
        {
            problems.Add($"the message claims '{m.Value}' but {evidenceProblems[0]}");
        }

        return problems;
    }
}
