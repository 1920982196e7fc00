namespace KnowledgeOS.Context;

/// <summary>
/// Fits pack content into a token budget (estimate: characters / 4) by dropping the least
/// important parts first: files (least relevant first), then denials and decisions (oldest
/// first), evidence, progress, plan, scope. Intent and requirements always stay, even over budget.
/// </summary>
public static class PackFitter
{
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
            int lo = 0, hi = files.Count - 1;
            while (lo < hi)
            {
                var mid = (lo + hi + 1) / 2;
                if (Fits(c with { Files = files.Take(mid).ToList() }, format, budget))
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            c = c with { Files = lo == 0 ? null : files.Take(lo).ToList() };
            dropped.Add($"files: {c.FilesTotal - lo} of {c.FilesTotal} least relevant");
            text = PackRenderer.Render(c, format);
            if (ContextPack.Estimate(text) <= budget)
            {
                return (c, text, dropped);
            }
        }

        c = TrimList(c, format, budget, dropped, "denials", x => x.Denials, (x, v) => x with { Denials = v }, ref text);
        if (ContextPack.Estimate(text) <= budget)
        {
            return (c, text, dropped);
        }

        c = TrimList(c, format, budget, dropped, "decisions", x => x.Decisions, (x, v) => x with { Decisions = v }, ref text);
        foreach (var (name, drop) in new (string, Func<PackContent, PackContent?>)[]
                 {
                     ("evidence", x => x.Evidence is null ? null : x with { Evidence = null }),
                     ("progress", x => x.Progress is null ? null : x with { Progress = null }),
                     ("plan", x => x.Plan is null ? null : x with { Plan = null }),
                     ("scope", x => x.Scope is null ? null : x with { Scope = null }),
                 })
        {
            if (ContextPack.Estimate(text) <= budget)
            {
                break;
            }

            if (drop(c) is { } smaller)
            {
                c = smaller;
                dropped.Add(name);
                text = PackRenderer.Render(c, format);
            }
        }

        return (c, text, dropped);
    }

    private static bool Fits(PackContent c, PackFormat format, int budget) => ContextPack.Estimate(PackRenderer.Render(c, format)) <= budget;

    /// <summary>Drops the oldest entries of one list until the pack fits or the list is empty.</summary>
    private static PackContent TrimList(PackContent c, PackFormat format, int budget, List<string> dropped, string name,
        Func<PackContent, IReadOnlyList<PackEvent>?> get, Func<PackContent, IReadOnlyList<PackEvent>?, PackContent> set, ref string text)
    {
        var list = get(c);
        if (list is not { Count: > 0 })
        {
            return c;
        }

        var keep = list.Count;
        while (keep > 0 && ContextPack.Estimate(text) > budget)
        {
            keep--;
            c = set(c, keep == 0 ? null : list.Skip(list.Count - keep).ToList());
            text = PackRenderer.Render(c, format);
        }

        dropped.Add($"{name}: {list.Count - keep} oldest of {list.Count}");
        return c;
    }
}
