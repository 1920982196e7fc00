using KnowledgeOS.Evidence;
using KnowledgeOS.Serve.Views;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Serve.Pages;

/// <summary>A task's card on the board (also pushed alone over the live stream when the task changes).</summary>
internal static class CardHtml
{
    public static void Write(Html h, Card c)
    {
        var ev = c.Evidence.Name();
        h.Raw("<li class=\"card\"").Attr("id", "card-" + c.Id).Attr("data-phase", c.Phase.Name()).Raw(">")
            .Raw("<article").Attr("aria-labelledby", "title-" + c.Id).Raw(">")
            .Raw("<h3").Attr("id", "title-" + c.Id).Raw("><a").Attr("href", "/tasks/" + c.Id).Raw(">").T(c.Title).Raw("</a></h3><dl>");
        Row(h, "ID", () => h.Raw("<code>").T(c.Id).Raw("</code>"));
        Row(h, "Agent", () => h.T(c.Agent ?? "none"));
        Row(h, "Claim", () =>
        {
            if (c.ClaimHolder is null)
            {
                h.T("none");
                return;
            }

            h.T(c.ClaimHolder).Raw(" <span class=\"lease\">")
                .T(c.LeaseLive ? Layout.Duration(c.LeaseLeft!.Value) + " left" : "lease expired " + Layout.Duration(c.LeaseLeft!.Value) + " ago")
                .Raw("</span>");
        });
        Row(h, "Scope", () =>
        {
            if (c.Scope.Count == 0)
            {
                h.T("none");
            }

            foreach (var s in c.Scope)
            {
                h.Raw("<code>").T(s).Raw("</code> ");
            }
        });
        Row(h, "Evidence", () => h.Raw("<span").Attr("class", "badge ev-" + ev).Raw(">").T(ev).Raw("</span>"));
        Row(h, "Violations", () => h.Raw(c.Violations > 0 ? "<span class=\"badge bad\">" : "<span>").T(c.Violations).Raw("</span>"));
        h.Raw("</dl></article></li>");
    }

    public static string Render(Card c)
    {
        var h = new Html(1024);
        Write(h, c);
        return h.ToString();
    }

    private static void Row(Html h, string label, Action value)
    {
        h.Raw("<div><dt>").T(label).Raw("</dt><dd>");
        value();
        h.Raw("</dd></div>");
    }
}
