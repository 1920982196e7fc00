using KnowledgeOS.Postflight;
using KnowledgeOS.Serve.Live;
using KnowledgeOS.Serve.Pages;
using KnowledgeOS.Serve.Views;
using KnowledgeOS.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KnowledgeOS.Serve.Hosting;

/// <summary>The workbench's routes. Each opens the kernel, asks it, and renders what it answered.</summary>
internal static class Endpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/", (HttpContext http, Workbench wb, TreeDigest digest, LedgerFeed feed) => Page(http, wb, "/", k =>
        {
            var board = Board.Load(k, digest, wb.Clock.GetUtcNow(), feed.Tasks);
            var pending = Requests.Pending(k);
            return ("Board", board.HeadSeq, BoardPage.Body(board, pending, wb.Token), pending.Count);
        }));

        app.MapGet("/phase/{phase}", (HttpContext http, string phase, Workbench wb, TreeDigest digest, LedgerFeed feed) => Page(http, wb, "/", k =>
        {
            if (!PhaseNames.TryParse(phase, out var p))
            {
                throw KosException.Input($"{phase} is not a phase.");
            }

            var board = Board.Load(k, digest, wb.Clock.GetUtcNow(), feed.Tasks, p, cap: 5000);
            var h = new Html(64 * 1024).Raw("<h1>").T(BoardPage.Title(p)).Raw("</h1>");
            BoardPage.Columns(h, board);
            return (BoardPage.Title(p), board.HeadSeq, h, null);
        }));

        app.MapGet("/tasks/{id}", (HttpContext http, string id, string? history, Workbench wb, TreeDigest digest) => Page(http, wb, "/", k =>
        {
            var task = k.Tasks.Resolve(k.Store, id);
            var detail = TaskDetail.Load(k, task.Id, digest, wb.Clock.GetUtcNow(), withArchive: history == "all")!;
            return (task.Title, k.Store.Head()?.Seq ?? 0, TaskPage.Body(detail), null);
        }));

        app.MapGet("/approvals", (HttpContext http, Workbench wb, string? done) => Page(http, wb, "/approvals", k =>
        {
            var pending = Requests.Pending(k);
            return ("Approvals", k.Store.Head()?.Seq ?? 0, ApprovalsPage.Body(pending, wb.Token, done), pending.Count);
        }));

        app.MapGet("/fragments/pending", (HttpContext http, Workbench wb, string? compact) => Fragment(wb, k => PendingFragment(k, wb, compact == "1")));

        app.MapPost("/approvals/{id}/{verb}", (HttpContext http, string id, string verb, Workbench wb) => Decide(http, wb, id, verb));

        app.MapGet("/registry", (HttpContext http, Workbench wb, LedgerFeed feed) => Page(http, wb, "/registry", k =>
        {
            feed.Usage.EnsureScanned(() => wb.OpenKernel());
            return ("Registry", k.Store.Head()?.Seq ?? 0, RegistryPage.Body(k.Registry.Entries(), feed.Usage), null);
        }));

        app.MapGet("/postflight", (HttpContext http, Workbench wb) => Page(http, wb, "/postflight", k =>
            ("Postflight", k.Store.Head()?.Seq ?? 0, PostflightPage.Body(PostflightRunner.Run(k, Environment.GetEnvironmentVariable), wb.Token, null, null), null)));

        app.MapPost("/postflight", (HttpContext http, Workbench wb) => Page(http, wb, "/postflight", k =>
        {
            var (report, e) = k.Postflight.Run(Environment.GetEnvironmentVariable);
            var marker = report.Ok ? $"[SYNC_OK] head {e.ShortHash}" : null;
            return ("Postflight", e.Seq, PostflightPage.Body(report, wb.Token, marker, e.Seq), null);
        }));

        app.MapGet("/live", (HttpContext http, LedgerFeed feed) => LiveStream.Run(http, feed));
        app.MapGet("/assets/{name}", (string name) => Assets.Serve(name));
    }

    private static IResult Decide(HttpContext http, Workbench wb, string id, string verb)
    {
        if (verb is not ("approve" or "deny"))
        {
            return Results.NotFound();
        }

        var htmx = http.Request.Headers.ContainsKey("HX-Request");
        var form = http.Request.HasFormContentType ? http.Request.Form : null;
        try
        {
            using var k = wb.OpenKernel();
            var outcome = Requests.Decide(k, id, verb == "approve", form?["reason"].FirstOrDefault());
            return htmx
                ? Results.Content(PendingFragment(k, wb, form?["view"].FirstOrDefault() == "compact"), Html, System.Text.Encoding.UTF8)
                : Results.Redirect("/approvals?done=" + Uri.EscapeDataString(outcome), permanent: false, preserveMethod: false);
        }
        catch (KosException e)
        {
            return Results.Content(Layout.Bare("Not done", new Pages.Html(512).Raw("<h1>Not done</h1><p>").T(e.Message).Raw("</p><p><a href=\"/approvals\">Back</a></p>")),
                Html, System.Text.Encoding.UTF8, e.Kind == KosErrorKind.Input ? 400 : 409);
        }
    }

    private static string PendingFragment(Kernel k, Workbench wb, bool compact)
    {
        var h = new Pages.Html(4096);
        ApprovalsPage.PendingSection(h, Requests.Pending(k), wb.Token, compact);
        return h.ToString();
    }

    private const string Html = "text/html; charset=utf-8";

    /// <summary>Renders a page; a ledger kos cannot read becomes a page with the error and its recovery.</summary>
    private static IResult Page(HttpContext http, Workbench wb, string current, Func<Kernel, (string Title, long Head, Pages.Html Main, int? Pending)> render)
    {
        try
        {
            using var k = wb.OpenKernel();
            var (title, head, main, pending) = render(k);
            var alarm = http.RequestServices.GetRequiredService<LedgerFeed>().ChainProblem;
            return Results.Content(Layout.Page(title, current, head, main, pending, alarm: alarm), Html, System.Text.Encoding.UTF8);
        }
        catch (KosException e) when (e.Kind == KosErrorKind.Input)
        {
            return Results.Content(Layout.Page("Not found", current, Layout.NotLive, Problems.NotFound(e.Message)), Html, System.Text.Encoding.UTF8, 404);
        }
        catch (KosException e) when (e.Kind == KosErrorKind.Refused)
        {
            return Results.Content(Layout.Page("Refused", current, Layout.NotLive, new Pages.Html(512).Raw("<h1>Refused</h1><p>").T(e.Message).Raw("</p>")), Html, System.Text.Encoding.UTF8, 409);
        }
        catch (Exception e) when (e is KosException or System.Data.Common.DbException)
        {
            return Results.Content(Layout.Page("Ledger problem", current, Layout.NotLive, Problems.Ledger(e.Message), refreshSeconds: 5), Html, System.Text.Encoding.UTF8, 503);
        }
    }

    private static IResult Fragment(Workbench wb, Func<Kernel, string> render)
    {
        try
        {
            using var k = wb.OpenKernel();
            return Results.Content(render(k), Html, System.Text.Encoding.UTF8);
        }
        catch (Exception e) when (e is KosException or System.Data.Common.DbException)
        {
            return Results.Content(Problems.Ledger(e.Message).ToString(), Html, System.Text.Encoding.UTF8, 503);
        }
    }
}
