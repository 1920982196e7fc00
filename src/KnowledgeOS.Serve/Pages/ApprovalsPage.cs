using KnowledgeOS.Serve.Views;

namespace KnowledgeOS.Serve.Pages;

/// <summary>Pending approval requests (<c>Q-…</c>), each with approve and deny buttons that work with JavaScript off.</summary>
internal static class ApprovalsPage
{
    public static Html Body(IReadOnlyList<PendingRequest> pending, string token, string? flash)
    {
        var h = new Html(8192);
        h.Raw("<h1>Approvals</h1>");
        if (flash is not null)
        {
            h.Raw("<p class=\"flash\" role=\"status\">").T(flash).Raw("</p>");
        }

        h.Raw("<p>An agent that tries a human-only command (route, re-scope, approve a review, change a policy…) is refused, and its attempt waits here. ")
            .Raw("Approving grants it once, recorded as you; <code>kos requests</code>, <code>kos approve</code> and <code>kos deny</code> do the same in a terminal.</p>");
        PendingSection(h, pending, token, compact: false);
        return h;
    }

    public static void PendingSection(Html h, IReadOnlyList<PendingRequest> pending, string token, bool compact)
    {
        h.Raw("<section id=\"pending\" class=\"pending\" aria-labelledby=\"pending-h\" hx-get=\"/fragments/pending")
            .Raw(compact ? "?compact=1" : "").Raw("\" hx-trigger=\"kosledger from:body throttle:300ms\" hx-swap=\"outerHTML\">")
            .Raw("<h2 id=\"pending-h\">Pending requests <span class=\"count\">").T(pending.Count).Raw("</span></h2>");
        if (pending.Count == 0)
        {
            h.Raw("<p class=\"empty\">No request is waiting for you.</p></section>");
            return;
        }

        h.Raw("<ul class=\"requests\">");
        foreach (var q in pending)
        {
            h.Raw("<li class=\"request\"").Attr("id", "req-" + q.Id).Raw("><p><strong><code>").T(q.Id).Raw("</code></strong> ")
                .T(q.RequestedBy).Raw(" asked to run <code>").T(q.Command).Raw("</code>");
            if (q.Task is not null)
            {
                h.Raw(" for <a").Attr("href", "/tasks/" + q.Task).Raw(">").T(q.Task).Raw("</a>");
            }

            h.Raw(" <time").Attr("datetime", q.Time).Raw(">").T(q.Time).Raw("</time></p>");
            if (!compact && q.Reason is not null)
            {
                h.Raw("<p class=\"why\">").T(q.Reason).Raw("</p>");
            }

            Button(h, q.Id, "approve", token, compact);
            Button(h, q.Id, "deny", token, compact);
            h.Raw("</li>");
        }

        h.Raw("</ul></section>");
    }

    private static void Button(Html h, string id, string verb, string token, bool compact)
    {
        var action = $"/approvals/{id}/{verb}";
        h.Raw("<form method=\"post\" class=\"inline\"").Attr("action", action).Attr("hx-post", action)
            .Raw(" hx-target=\"#pending\" hx-swap=\"outerHTML\">").TokenField(token)
            .Raw("<input type=\"hidden\" name=\"view\"").Attr("value", compact ? "compact" : "full").Raw(">")
            .Raw("<button type=\"submit\"").Attr("class", verb).Attr("aria-label", (verb == "approve" ? "Approve " : "Deny ") + id).Raw(">")
            .T(verb == "approve" ? "Approve" : "Deny").Raw("</button></form>");
    }
}
