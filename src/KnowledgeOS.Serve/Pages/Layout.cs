namespace KnowledgeOS.Serve.Pages;

/// <summary>The frame around every page: navigation, the live-update script, the skip link.</summary>
internal static class Layout
{
    /// <summary>The head seq of a page that shows no ledger state: it follows no live stream.</summary>
    public const long NotLive = -1;

    public static string Page(string title, string current, long headSeq, Html main, int? pending = null, int? refreshSeconds = null, string? alarm = null)
    {
        var h = new Html(main.Length + 2048);
        h.Raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false,\"allowEval\":false,\"allowScriptTags\":false}'>")
            .Raw("<title>").T(title).Raw(" · kos workbench</title>")
            .Raw("<link rel=\"stylesheet\" href=\"/assets/app.css\">")
            .Raw("<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">")
            .Raw(headSeq == NotLive ? "" : "<script src=\"/assets/htmx.min.js\" defer></script><script src=\"/assets/live.js\" defer></script>")
            .Raw(refreshSeconds is { } r ? $"<meta http-equiv=\"refresh\" content=\"{r}\">" : "")
            .Raw("</head><body").Attr("data-head", headSeq.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw(">")
            .Raw("<a class=\"skip\" href=\"#main\">Skip to content</a>")
            .Raw("<header class=\"top\"><p class=\"brand\"><a href=\"/\">kos workbench</a></p><nav aria-label=\"Workbench\"><ul>");
        Link(h, "/", "Board", current);
        Link(h, "/approvals", pending is > 0 ? $"Approvals ({pending})" : "Approvals", current);
        Link(h, "/registry", "Registry", current);
        Link(h, "/postflight", "Postflight", current);
        h.Raw("</ul></nav><p id=\"live\" class=\"live\" role=\"status\" aria-live=\"polite\">Live updates need JavaScript; reload to refresh.</p></header>")
            .Raw("<main id=\"main\" tabindex=\"-1\">");
        if (alarm is not null)
        {
            h.Raw("<div class=\"problem\" role=\"alert\" id=\"chain\"><p><strong>").T(alarm).Raw("</strong></p><p>Check it with <code>kos trace verify</code>; ")
                .Raw("keep <code>.agent-os/state/ledger.db</code> (and its <code>-wal</code>) as evidence and do not edit it further. What the pages show after that event may not be what happened.</p></div>");
        }

        h.Raw(main.ToString()).Raw("</main></body></html>");
        return h.ToString();
    }

    /// <summary>A page without navigation or scripts (refusals).</summary>
    public static string Bare(string title, Html main) =>
        new Html(main.Length + 512).Raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").T(title)
            .Raw(" · kos workbench</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main id=\"main\">")
            .Raw(main.ToString()).Raw("</main></body></html>").ToString();

    private static void Link(Html h, string href, string label, string current)
    {
        h.Raw("<li><a").Attr("href", href);
        if (href == current)
        {
            h.Raw(" aria-current=\"page\"");
        }

        h.Raw(">").T(label).Raw("</a></li>");
    }

    /// <summary>A hidden form field carrying this run's token: every POST needs it.</summary>
    public static Html TokenField(this Html h, string token) =>
        h.Raw("<input type=\"hidden\"").Attr("name", Security.AccessToken.Field).Attr("value", token).Raw(">");

    public static string Duration(TimeSpan t)
    {
        var abs = t.Duration();
        var text = abs.TotalDays >= 1 ? $"{(int)abs.TotalDays}d {abs.Hours}h"
            : abs.TotalHours >= 1 ? $"{(int)abs.TotalHours}h {abs.Minutes}m"
            : abs.TotalMinutes >= 1 ? $"{(int)abs.TotalMinutes}m"
            : $"{(int)abs.TotalSeconds}s";
        return text;
    }
}
