using KnowledgeOS.Postflight;

namespace KnowledgeOS.Serve.Pages;

/// <summary>Postflight: each problem with the command that fixes it, or the [SYNC_OK] marker once recorded.</summary>
internal static class PostflightPage
{
    public static Html Body(PostflightReport report, string token, string? marker, long? recordedSeq)
    {
        var h = new Html(8192);
        h.Raw("<h1>Postflight</h1>");
        if (marker is not null)
        {
            h.Raw("<p class=\"ok\" role=\"status\"><code>").T(marker).Raw("</code> recorded as event ").T(recordedSeq ?? 0).Raw(".</p>");
        }

        if (report.Ok)
        {
            h.Raw("<p>Ledger, task records, specs, evidence, working tree and hooks agree").T(report.GitHead is null ? "" : " at " + report.GitHead[..Math.Min(12, report.GitHead.Length)]).Raw(".</p>");
        }
        else
        {
            h.Raw("<p>").T(report.Problems.Count).Raw(report.Problems.Count == 1 ? " problem" : " problems").Raw(" keep postflight from <code>[SYNC_OK]</code>:</p><ol class=\"problems\">");
            foreach (var p in report.Problems)
            {
                h.Raw("<li><p><span class=\"badge bad\">").T(p.Check).Raw("</span> ").T(p.Message).Raw("</p><p>Fix: <code>").T(p.Fix).Raw("</code></p>");
                if (p.Files.Count > 0)
                {
                    h.Raw("<p class=\"muted\">").T(string.Join(", ", p.Files.Take(20))).Raw("</p>");
                }

                h.Raw("</li>");
            }

            h.Raw("</ol>");
        }

        foreach (var n in report.Notes)
        {
            h.Raw("<p class=\"muted\">").T(n).Raw("</p>");
        }

        h.Raw("<form method=\"post\" action=\"/postflight\">").TokenField(token)
            .Raw("<button type=\"submit\">Run and record postflight</button> <span class=\"muted\">(as <code>kos postflight</code>: a clean run prints the <code>[SYNC_OK]</code> marker)</span></form>");
        return h;
    }
}
