using System.Text.RegularExpressions;
using KnowledgeOS.Ledger;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Evidence;

/// <summary>One completion claim found in an agent's text and whether kos's own evidence backs it.</summary>
public sealed record ClaimCheck(string Claim, int Line, bool Backed, string Explanation);

/// <summary>Every marker and completion claim in a text, checked.</summary>
public sealed record ClaimReport(string? Task, IReadOnlyList<MarkerCheck> Markers, IReadOnlyList<ClaimCheck> Claims)
{
    public bool Ok => Markers.All(m => m.Status == MarkerStatus.Valid) && Claims.All(c => c.Backed);
}

/// <summary>
/// Checks an agent's final message: every marker against the ledger, and every completion claim
/// ("all tests pass", "done", "fixed"…) against fresh passing evidence kos recorded itself.
/// </summary>
public static partial class ClaimVerifier
{
    [GeneratedRegex(@"\b(?:all (?:the )?tests (?:now )?(?:pass(?:es|ed|ing)?|are (?:passing|green))|tests (?:now )?(?:pass(?:es|ed)?|are (?:passing|green))|(?:the )?build (?:passes|is green)|done|fixed|completed?|finished|resolved|implemented)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClaimPattern();

    [GeneratedRegex(@"\b(?:not|n't|never|no longer|yet to be|isn't|aren't|wasn't)\s+(?:\w+\s+){0,2}$", RegexOptions.IgnoreCase)]
    private static partial Regex NegatedBefore();

    public static ClaimReport Verify(Kernel k, string text, string? taskInput, bool advise = true)
    {
        var markers = Markers.Find(text).Select(line => Ledger.Markers.Verify(k.Store, line)).ToList();
        var found = Claims(text);
        var task = taskInput is not null ? k.Tasks.Resolve(k.Store, taskInput) : Infer(k);
        if (found.Count == 0)
        {
            return new ClaimReport(task?.Id, markers, []);
        }

        IReadOnlyList<string> problems;
        string backing;
        if (task is null)
        {
            problems = ["no task to check it against: pass --task T-… (or set KOS_SESSION to the agent session that holds the task)"];
            backing = "";
        }
        else
        {
            problems = EvidenceCheck.Problems(k.Project, k.Config, k.Store, task, advise: advise);
            var run = EvidenceStore.Latest(k.Store, task.Id);
            backing = run is null ? "" : $"backed by kos's run {run.RunId} for {task.Id}: {run.Results.Count} of {run.Results.Count} evals passed on the current working tree (events {string.Join(", ", run.Results.Select(r => r.Seq))})";
        }

        var claims = found.Select(c => problems.Count == 0
            ? new ClaimCheck(c.Claim, c.Line, true, backing)
            : new ClaimCheck(c.Claim, c.Line, false, string.Join("; ", problems))).ToList();
        return new ClaimReport(task?.Id, markers, claims);
    }

    /// <summary>Completion claims outside marker lines, with their 1-based line numbers; negated ones ("not done") skipped.</summary>
    public static IReadOnlyList<(string Claim, int Line)> Claims(string text)
    {
        var claims = new List<(string, int)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Ledger.Markers.Find(lines[i]).Any())
            {
                continue;
            }

            foreach (Match m in ClaimPattern().Matches(lines[i]))
            {
                if (!NegatedBefore().IsMatch(lines[i][..m.Index]))
                {
                    claims.Add((m.Value, i + 1));
                }
            }
        }

        return claims;
    }

    /// <summary>The task the calling session holds, else the only task being worked on.</summary>
    private static TaskState? Infer(Kernel k)
    {
        var rows = k.Store.ListTasks();
        // Rows come newest first: a session's latest task, even if it is already done, is what its claims are about.
        var held = k.Session is null ? [] : rows.Where(r => r.Session == k.Session && r.Phase != "abandoned").Take(1).ToList();
        var pick = held.Count == 1 ? held : rows.Where(r => r.Phase is "execute" or "report").ToList();
        return pick.Count == 1 ? k.FindTask(k.Store, pick[0].Id) : null;
    }
}
