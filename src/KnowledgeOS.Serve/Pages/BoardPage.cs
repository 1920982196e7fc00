using KnowledgeOS.Serve.Views;
using KnowledgeOS.Tasks;

namespace KnowledgeOS.Serve.Pages;

/// <summary>The front page: pending approval requests, then the board by phase.</summary>
internal static class BoardPage
{
    public static Html Body(Board board, IReadOnlyList<PendingRequest> pending, string token)
    {
        var h = new Html(64 * 1024);
        h.Raw("<h1>Board</h1>");
        ApprovalsPage.PendingSection(h, pending, token, compact: true);
        Columns(h, board);
        return h;
    }

    public static void Columns(Html h, Board board)
    {
        h.Raw("<div id=\"board\" class=\"board\">");
        foreach (var col in board.Columns)
        {
            var name = col.Phase.Name();
            h.Raw("<section class=\"column\"").Attr("id", "col-" + name).Attr("aria-labelledby", "h-" + name).Raw(">")
                .Raw("<h2").Attr("id", "h-" + name).Raw(">").T(Title(col.Phase)).Raw(" <span class=\"count\">").T(col.Total).Raw("</span></h2>")
                .Raw("<ol class=\"cards\">");
            foreach (var card in col.Cards)
            {
                CardHtml.Write(h, card);
            }

            h.Raw("</ol>");
            if (col.Total > col.Cards.Count)
            {
                h.Raw("<p class=\"more\"><a").Attr("href", "/phase/" + name).Raw(">").T(col.Total - col.Cards.Count).Raw(" more in ").T(name).Raw("</a></p>");
            }

            h.Raw("</section>");
        }

        h.Raw("</div>");
    }

    public static string Title(Phase p)
    {
        var n = p.Name();
        return char.ToUpperInvariant(n[0]) + n[1..];
    }
}
