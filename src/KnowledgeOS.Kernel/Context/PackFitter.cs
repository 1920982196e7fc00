namespace KnowledgeOS.Context;

/// <summary>
/// Fits pack content into a token budget (estimate: characters / 4) by dropping the least important parts
/// first: files (least relevant first), progress and decisions (oldest first), the plan, the output tails of
/// failed evals, denials (oldest first), the evidence, the evals, the scope. Intent and requirements always
/// stay, even over budget. What an agent must act on (where it may write, what refused it, what failed)
/// outlasts what it can look up.
/// </summary>
public static class PackFitter
{
    private sealed record Step(string Name, Func<PackContent, IReadOnlyList<PackEvent>?>? List, Func<PackContent, IReadOnlyList<PackEvent>?, PackContent>? SetList, Func<PackContent, PackContent?>? Drop);

    private static readonly Step[] Order =
    [
        new("progress", c => c.Progress, (c, v) => c with { Progress = v }, null),
        new("decisions", c => c.Decisions, (c, v) => c with { Decisions = v }, null),
        new("plan", null, null, c => c.Plan is null ? null : c with { Plan = null }),
        new("evidence output", null, null, c => c.Evidence is { } e && e.Results.Any(r => r.Tail is not null)
            ? c with { Evidence = e with { Results = e.Results.Select(r => r with { Tail = null }).ToList() } } : null),
        new("denials", c => c.Denials, (c, v) => c with { Denials = v }, null),
        new("evidence", null, null, c => c.Evidence is null ? null : c with { Evidence = null }),
        new("evals", null, null, c => c.Evals is null ? null : c with { Evals = null }),
        new("scope", null, null, c => c.Scope is null ? null : c with { Scope = null }),
    ];

    public static (PackContent Content, string Text, IReadOnlyList<string> Dropped) Fit(PackContent full, PackFormat format, int budget)
    {
        var dropped = new List<string>();
        var c = full;
        var text = PackRenderer.Render(c, format);
        if (ContextPack.Estimate(text) <= budget)
        {
            // Files the ranker left out up front (they could never fit) are dropped all the same.
            if (c.Files is not null && c.Files.Count < c.FilesTotal)
            {
                dropped.Add($"files: {c.FilesTotal - c.Files.Count} of {c.FilesTotal} least relevant");
            }

            return (c, text, dropped);
        }

        // Files: the largest prefix of the ranking that fits (binary search: a big repo lists thousands).
        if (c.Files is { Count: > 0 } files)
        {
            var keep = Largest(files.Count, k => c with { Files = k == 0 ? null : files.Take(k).ToList() }, format, budget);
            c = c with { Files = keep == 0 ? null : files.Take(keep).ToList() };
            dropped.Add($"files: {c.FilesTotal - keep} of {c.FilesTotal} least relevant");
            text = PackRenderer.Render(c, format);
        }

        foreach (var step in Order)
        {
            if (ContextPack.Estimate(text) <= budget)
            {
                break;
            }

            if (step.List is not null && step.List(c) is { Count: > 0 } list)
            {
                // The newest entries that fit (binary search over how many to keep).
                var at = c;
                var keep = Largest(list.Count, k => step.SetList!(at, k == 0 ? null : list.Skip(list.Count - k).ToList()), format, budget);
                c = step.SetList!(c, keep == 0 ? null : list.Skip(list.Count - keep).ToList());
                dropped.Add($"{step.Name}: {list.Count - keep} oldest of {list.Count}");
                text = PackRenderer.Render(c, format);
            }
            else if (step.Drop?.Invoke(c) is { } smaller)
            {
                c = smaller;
                dropped.Add(step.Name);
                text = PackRenderer.Render(c, format);
            }
        }

        return (c, text, dropped);
    }

    /// <summary>The largest k in [0, max) whose content fits (0 when none does; shorter lists never render longer).</summary>
    private static int Largest(int max, Func<int, PackContent> with, PackFormat format, int budget)
    {
        int lo = 0, hi = max - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (ContextPack.Estimate(PackRenderer.Render(with(mid), format)) <= budget)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
