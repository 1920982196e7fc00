namespace KnowledgeOS.Serve.Pages;

/// <summary>Pages for what went wrong: a ledger kos cannot read, a refused request, a missing task.</summary>
internal static class Problems
{
    public static Html Ledger(string message)
    {
        var h = new Html(2048);
        return h.Raw("<h1>The ledger cannot be read</h1><div class=\"problem\" role=\"alert\"><p>").T(message).Raw("</p></div>")
            .Raw("<h2>Recovery</h2><ol><li>Check the chain: <code>kos trace verify</code> (prints <code>TRACE_OK</code>, or the first bad event).</li>")
            .Raw("<li>See what else is wrong and what fixes it: <code>kos doctor</code>.</li>")
            .Raw("<li>A damaged file is never modified by kos: keep it as evidence, move it aside and restore <code>.agent-os/state/ledger.db</code> (with its <code>-wal</code>) from a backup, or run <code>kos init</code> for a new ledger.</li></ol>")
            .Raw("<p>This page reloads every 5 seconds, and shows the workbench again once the ledger reads.</p>");
    }

    public static Html Forbidden(string why) => new Html(1024)
        .Raw("<h1>Forbidden</h1><p>").T(why).Raw("</p><p>Open the workbench with the URL <code>kos serve</code> printed: it carries this run's token.</p>");

    public static Html NotFound(string what) => new Html(512).Raw("<h1>Not found</h1><p>").T(what).Raw("</p><p><a href=\"/\">Back to the board</a></p>");
}
